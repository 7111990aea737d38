package io.stagehand.catalog.ingest;

import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.integrations.GithubAuthorization;
import io.stagehand.integrations.IntegrationsProperties.GithubIntegration;
import io.stagehand.model.ReadResult;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Reads users and teams of GitHub organisations as Backstage's {@code GithubOrgEntityProvider} (one
 * organisation, {@code orgUrl}) and {@code GithubMultiOrgEntityProvider} ({@code githubUrl} and
 * {@code orgs}, or every organisation its GitHub Apps are installed in) do: the organisation's members ({@code membersWithRole}), then its teams with
 * their immediate members, a team with more members than one page holds read page by page;
 * {@link GithubOrg} makes the entities. The whole read has a deadline (the source's refresh
 * interval): a read that fails or outlasts it fails the run, so nothing is deleted.
 */
final class GithubOrgReader {

    /** Backstage's default page sizes, which keep GitHub's per-query resource limits. */
    static final int MEMBERS_PAGE = 50;
    static final int TEAMS_PAGE = 25;
    static final int TEAM_MEMBERS_PAGE = 50;
    /** How many teams' further members are read at once. */
    private static final int MEMBER_READS = 4;

    static final String USERS = users("");

    /** As Backstage asks with {@code excludeSuspendedUsers}: GitHub Enterprise Server's {@code suspendedAt}, which github.com's schema lacks. */
    static final String USERS_WITH_SUSPENSION = users(" suspendedAt");

    private static String users(String more) {
        return """
                query users($org: String!, $email: Boolean!, $cursor: String, $pageSize: Int!) {
                  organization(login: $org) {
                    membersWithRole(first: $pageSize, after: $cursor) {
                      pageInfo { hasNextPage endCursor }
                      nodes { avatarUrl bio email @include(if: $email) id login name%s }
                    }
                  }
                }""".formatted(more);
    }

    static final String TEAMS = """
            query teams($org: String!, $cursor: String, $pageSize: Int!, $membersPageSize: Int!) {
              organization(login: $org) {
                teams(first: $pageSize, after: $cursor) {
                  pageInfo { hasNextPage endCursor }
                  nodes {
                    slug combinedSlug name description avatarUrl editTeamUrl
                    parentTeam { slug }
                    members(first: $membersPageSize, membership: IMMEDIATE) {
                      pageInfo { hasNextPage }
                      nodes { login }
                    }
                  }
                }
              }
            }""";

    static final String TEAM_MEMBERS = """
            query members($org: String!, $teamSlug: String!, $cursor: String, $pageSize: Int!) {
              organization(login: $org) {
                team(slug: $teamSlug) {
                  members(first: $pageSize, after: $cursor, membership: IMMEDIATE) {
                    pageInfo { hasNextPage endCursor }
                    nodes { login }
                  }
                }
              }
            }""";

    private final String name;
    private final OrgTransformers transformers;
    private final GithubOrgClient github;
    private final GithubOrg.Naming naming;
    private final List<String> orgs;
    private final Duration deadline;
    private final boolean excludeSuspendedUsers;

    GithubOrgReader(String name, SourceProperties source, GithubIntegration integration, GithubOrgClient github,
            OrgTransformers transformers) {
        this.name = name;
        this.transformers = transformers;
        this.github = github;
        boolean single = source.orgUrl() != null && !source.orgUrl().isBlank();
        this.orgs = single ? List.of(orgOf(source.orgUrl())) : source.orgs() == null ? List.of() : List.copyOf(source.orgs());
        this.naming = new GithubOrg.Naming(integration.host(), !single && !source.alwaysUseDefaultNamespace());
        this.deadline = source.refresh();
        this.excludeSuspendedUsers = source.excludeSuspendedUsers();
    }

    /** The GitHub URL a source names (its {@code orgUrl} or {@code githubUrl}), whose host picks the integration. */
    static String url(SourceProperties source) {
        return source.orgUrl() != null && !source.orgUrl().isBlank() ? source.orgUrl() : source.githubUrl();
    }

    /** The host of a GitHub URL, with its port when it has one, as Backstage matches integrations. */
    static String host(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getHost() == null) {
            throw new IllegalStateException("not a URL with a host: " + url);
        }
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The organisation of an {@code orgUrl} such as {@code https://github.com/acme}: its first path segment, as Backstage's {@code parseGithubOrgUrl}. */
    static String orgOf(String orgUrl) {
        String path = URI.create(orgUrl.trim()).getPath();
        String[] segments = path == null ? new String[0] : path.replaceAll("^/+", "").split("/");
        if (segments.length == 0 || segments[0].isBlank()) {
            throw new IllegalStateException("orgUrl names no organisation (expected https://<host>/<org>): " + orgUrl);
        }
        return segments[0];
    }

    /** Every organisation as one result; an error when any part of any of them could not be read. */
    Mono<ReadResult> read() {
        return Mono.defer(() -> organisations().concatMap(this::organisation).collectList()
                        .publishOn(Schedulers.boundedElastic())
                        .map(reads -> GithubOrg.entities(reads, naming, transformers, name)))
                .timeout(deadline)
                .onErrorMap(TimeoutException.class, e -> new GithubOrgClient.GithubOrgException("Source " + name
                        + ": GitHub was not read completely within " + deadline + " (the refresh interval); nothing is deleted"));
    }

    /** The configured organisations, or else those the host's GitHub Apps are installed in, as Backstage's multi-org provider does. */
    private Flux<String> organisations() {
        if (!orgs.isEmpty()) {
            return Flux.fromIterable(orgs);
        }
        // none found would read as an organisation without users or teams, and delete what the last run gave
        return github.installedOrganisations().switchIfEmpty(Flux.error(new GithubOrgClient.GithubOrgException("Source " + name
                + ": the GitHub Apps of the host are installed in no organisation; nothing is deleted (name them in orgs)")));
    }

    private Mono<GithubOrg.OrgRead> organisation(String org) {
        // as Backstage: e-mail addresses are asked for only with a token, since an app's installation token may not read them
        return github.authorization(org).flatMap(authorization -> users(org, authorization.kind() != GithubAuthorization.Kind.APP)
                .collectList()
                .flatMap(users -> teams(org).collectList().map(teams -> new GithubOrg.OrgRead(org, users, teams))));
    }

    /**
     * The organisation's members; with {@code excludeSuspendedUsers}, those without {@code suspendedAt}
     * (teams still list them, as in Backstage, whose option filters the members only).
     */
    private Flux<JsonNode> users(String org, boolean email) {
        return github.nodes(org, excludeSuspendedUsers ? USERS_WITH_SUSPENSION : USERS,
                        Map.of("org", org, "email", email, "pageSize", MEMBERS_PAGE), List.of("organization", "membersWithRole"), "members")
                .filter(user -> !excludeSuspendedUsers || user.path("suspendedAt").isNull() || user.path("suspendedAt").isMissingNode());
    }

    private Flux<GithubOrg.TeamRead> teams(String org) {
        return github.nodes(org, TEAMS, Map.of("org", org, "pageSize", TEAMS_PAGE, "membersPageSize", TEAM_MEMBERS_PAGE),
                        List.of("organization", "teams"), "teams")
                .flatMapSequential(team -> members(org, team).map(members -> new GithubOrg.TeamRead(team, members)), MEMBER_READS);
    }

    /** A team's immediate members: from the team's page when they fit, else read page by page. */
    private Mono<List<String>> members(String org, JsonNode team) {
        JsonNode members = team.path("members");
        String slug = team.path("slug").asString("");
        if (!members.path("pageInfo").path("hasNextPage").asBoolean(false) || slug.isBlank()) {
            return Flux.fromIterable(members.path("nodes")).map(member -> member.path("login").asString("")).filter(login -> !login.isBlank())
                    .collectList();
        }
        return github.nodes(org, TEAM_MEMBERS, Map.of("org", org, "teamSlug", slug, "pageSize", TEAM_MEMBERS_PAGE),
                        List.of("organization", "team", "members"), "the members of a team")
                .map(member -> member.path("login").asString("")).filter(login -> !login.isBlank()).collectList();
    }
}
