package io.stagehand.catalog.ingest;

import io.stagehand.catalog.CatalogProperties.GraphGroupMembers;
import io.stagehand.catalog.CatalogProperties.GraphGroups;
import io.stagehand.catalog.CatalogProperties.GraphQueryMode;
import io.stagehand.catalog.CatalogProperties.GraphUsers;
import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.http.Redaction;
import io.stagehand.model.ReadResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Reads users and groups from Microsoft Graph as Backstage's {@code MicrosoftGraphOrgEntityProvider}
 * does, with its {@code microsoftGraphOrg} keys: users by {@code user.filter} (or, with
 * {@code userGroupMember.*}, the user members of the groups it selects), the organization, then
 * groups by {@code group.*} with their members; {@link MsGraphOrg} makes the entities. The whole
 * read has a deadline (the source's refresh interval): a read that fails or outlasts it fails the
 * run, so nothing is deleted.
 */
final class MsGraphReader {

    /** How many groups' member lists are read at once, as Backstage's provider reads several in parallel. */
    private static final int MEMBER_READS = 4;
    /** Graph's ids are GUIDs; one that is not never goes into a request's path. */
    private static final Pattern GRAPH_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");

    private final String name;
    private final OrgTransformers transformers;
    private final SourceProperties source;
    private final MsGraphClient graph;
    private final String location;
    private final Duration deadline;
    private final boolean advanced;

    MsGraphReader(String name, SourceProperties source, MsGraphClient graph, OrgTransformers transformers) {
        this.name = name;
        this.transformers = transformers;
        this.source = source;
        this.graph = graph;
        this.location = "url:" + Redaction.redact(MsGraphClient.target(source));
        this.deadline = source.refresh();
        this.advanced = source.queryMode() == GraphQueryMode.ADVANCED;
    }

    /** The whole organisation as one result; an error when any part of it could not be read. */
    Mono<ReadResult> read() {
        return Mono.defer(() -> users().collectList()
                        .flatMap(users -> graph.object("organization/" + source.tenantId(), Map.of(), "the organization")
                                .flatMap(organization -> groups().collectList()
                                        .publishOn(Schedulers.boundedElastic())
                                        .map(groups -> MsGraphOrg.entities(organization, users, groups, location, transformers, name)))))
                .timeout(deadline)
                .onErrorMap(TimeoutException.class, e -> new MsGraphClient.MsGraphException("Source " + name
                        + ": Microsoft Graph was not read completely within " + deadline + " (the refresh interval); nothing is deleted"));
    }

    private Flux<JsonNode> users() {
        GraphUsers user = source.user();
        GraphGroupMembers members = source.userGroupMember();
        Map<String, String> select = query(null, null, user == null ? null : user.expand(), user == null ? null : user.select());
        if (members != null && (members.filter() != null || members.search() != null)) {
            GraphGroups group = source.group();
            Map<String, String> groups = query(members.filter(), members.search(), group == null ? null : group.expand(), null);
            // each user once, however many of the selected groups list them
            return graph.collection("groups", groups, advanced, "the groups of userGroupMember")
                    .flatMapSequential(found -> members(found), MEMBER_READS)
                    .filter(member -> MsGraphOrg.USER_TYPE.equals(member.path("@odata.type").asString("")))
                    .map(member -> member.path("id").asString(""))
                    .filter(id -> GRAPH_ID.matcher(id).matches())
                    .distinct()
                    .flatMapSequential(id -> graph.object("users/" + id, select, "a user listed as a group member"), MEMBER_READS);
        }
        Map<String, String> users = query(user == null ? null : user.filter(), null, user == null ? null : user.expand(),
                user == null ? null : user.select());
        return graph.collection("users", users, advanced, "users");
    }

    private Flux<MsGraphOrg.GroupRead> groups() {
        GraphGroups group = source.group();
        Map<String, String> groups = group == null ? Map.of() : query(group.filter(), group.search(), group.expand(), group.select());
        return graph.collection("groups", groups, advanced, "groups")
                .flatMapSequential(found -> MsGraphOrg.group(found) == null ? Mono.just(new MsGraphOrg.GroupRead(found, List.of()))
                        : members(found).collectList().map(members -> new MsGraphOrg.GroupRead(found, members)), MEMBER_READS);
    }

    private Flux<JsonNode> members(JsonNode group) {
        String id = group.path("id").asString("");
        return !GRAPH_ID.matcher(id).matches() ? Flux.empty() : graph.collection("groups/" + id + "/members", Map.of(), false, "the members of a group");
    }

    private static Map<String, String> query(String filter, String search, String expand, List<String> select) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("$filter", filter);
        query.put("$search", search);
        query.put("$expand", expand);
        query.put("$select", select == null || select.isEmpty() ? null : String.join(",", select));
        return query;
    }
}
