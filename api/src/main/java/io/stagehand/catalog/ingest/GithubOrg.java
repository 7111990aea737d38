package io.stagehand.catalog.ingest;

import io.stagehand.model.EntityRef;
import io.stagehand.model.ReadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The users and groups a GitHub organisation read gives, by the rules of Backstage's GitHub org
 * providers: its {@code defaultUserTransformer} (a user named by login) and
 * {@code defaultOrganizationTeamTransformer} (a {@code team} group named by slug, its parent team as
 * parent), {@code buildOrgHierarchy} (a team is among its parent's children) and
 * {@code assignGroupsToUsers} (a user is a member of the teams that list it). With several
 * organisations, as the multi-org provider, each one's teams are in a namespace named after it and
 * a user who belongs to several is one entity. Each entity is located where GitHub shows it.
 */
final class GithubOrg {

    static final String USER_LOGIN_ANNOTATION = "github.com/user-login";
    static final String TEAM_SLUG_ANNOTATION = "github.com/team-slug";
    static final String EDIT_URL_ANNOTATION = "backstage.io/edit-url";

    /** An organisation as GitHub answered: its members and its teams with their immediate members. */
    record OrgRead(String org, List<JsonNode> users, List<TeamRead> teams) {
    }

    /** A team as GitHub answered it, with the logins of all its immediate members. */
    record TeamRead(JsonNode team, List<String> members) {
    }

    /** The host the entities' locations name, and whether teams go in a namespace per organisation. */
    record Naming(String host, boolean namespacePerOrg) {
    }

    private GithubOrg() {
    }

    static ReadResult entities(List<OrgRead> reads, Naming naming, OrgTransformers transformers, String source) {
        Map<ObjectNode, JsonNode> raws = new java.util.IdentityHashMap<>();
        Map<String, ObjectNode> users = new LinkedHashMap<>();
        List<ObjectNode> groups = new ArrayList<>();
        int read = 0;
        for (OrgRead org : reads) {
            for (JsonNode found : org.users()) {
                read++;
                ObjectNode user = user(found);
                if (user != null && !users.containsKey(name(user))) {
                    locate(user, "https://" + naming.host() + "/" + found.path("login").stringValue());
                    users.put(name(user), user);
                    raws.put(user, found);
                }
            }
            String namespace = naming.namespacePerOrg() ? org.org().toLowerCase(Locale.ROOT) : EntityRef.DEFAULT_NAMESPACE;
            Map<String, ObjectNode> teams = new LinkedHashMap<>();
            for (TeamRead found : org.teams()) {
                read++;
                ObjectNode team = team(found.team(), found.members(), naming.namespacePerOrg());
                if (team != null) {
                    ((ObjectNode) team.get("metadata")).put("namespace", namespace);
                    locate(team, "https://" + naming.host() + "/orgs/" + org.org() + "/teams/" + name(team));
                    if (teams.putIfAbsent(name(team), team) == null) {
                        raws.put(team, found.team());
                    }
                }
            }
            hierarchy(teams);
            memberships(users, teams.values(), namespace);
            groups.addAll(teams.values());
        }
        List<ObjectNode> descriptors = new ArrayList<>(users.values());
        descriptors.addAll(groups);
        return validated(descriptors, raws, read, transformers, source);
    }

    /** Backstage's default user transformer: named by login, with the profile GitHub gives. */
    static ObjectNode user(JsonNode user) {
        String login = text(user, "login");
        if (login == null) {
            return null;
        }
        ObjectNode descriptor = OrgEntities.skeleton("User", login);
        ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
        ((ObjectNode) metadata.get("annotations")).put(USER_LOGIN_ANNOTATION, login);
        putText(metadata, "description", user, "bio");
        ObjectNode spec = (ObjectNode) descriptor.get("spec");
        ObjectNode profile = spec.putObject("profile");
        putText(profile, "displayName", user, "name");
        putText(profile, "email", user, "email");
        putText(profile, "picture", user, "avatarUrl");
        spec.putArray("memberOf");
        return descriptor;
    }

    /**
     * Backstage's default team transformer: named by slug, its parent team's slug as parent, its
     * members by login ({@code default/<login>} when teams have namespaces of their own, so members
     * stay users of the default namespace).
     */
    static ObjectNode team(JsonNode team, List<String> members, boolean qualifyMembers) {
        String slug = text(team, "slug");
        if (slug == null) {
            return null;
        }
        ObjectNode descriptor = OrgEntities.skeleton("Group", slug);
        ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
        ObjectNode annotations = (ObjectNode) metadata.get("annotations");
        putText(annotations, TEAM_SLUG_ANNOTATION, team, "combinedSlug");
        putText(annotations, EDIT_URL_ANNOTATION, team, "editTeamUrl");
        putText(metadata, "description", team, "description");
        ObjectNode spec = (ObjectNode) descriptor.get("spec");
        spec.put("type", "team");
        ObjectNode profile = spec.putObject("profile");
        putText(profile, "displayName", team, "name");
        putText(profile, "picture", team, "avatarUrl");
        spec.putArray("children");
        String parent = text(team.path("parentTeam"), "slug");
        if (parent != null) {
            spec.put("parent", parent);
        }
        ArrayNode memberNames = spec.putArray("members");
        members.forEach(login -> memberNames.add(qualifyMembers ? EntityRef.DEFAULT_NAMESPACE + "/" + login : login));
        return descriptor;
    }

    /** Backstage's {@code buildOrgHierarchy}: a team is among its parent's children, and a child listed by a team has it as parent. */
    private static void hierarchy(Map<String, ObjectNode> teams) {
        teams.forEach((slug, team) -> {
            JsonNode parent = team.path("spec").path("parent");
            ObjectNode parentTeam = parent.isString() ? teams.get(parent.stringValue()) : null;
            if (parentTeam != null) {
                addOnce((ArrayNode) parentTeam.get("spec").get("children"), slug);
            }
        });
        teams.forEach((slug, team) -> team.path("spec").path("children").forEach(child -> {
            ObjectNode childTeam = teams.get(child.stringValue());
            if (childTeam != null && !childTeam.path("spec").has("parent")) {
                ((ObjectNode) childTeam.get("spec")).put("parent", slug);
            }
        }));
    }

    /** Backstage's {@code assignGroupsToUsers}: each listed member has the team in its memberOf ({@code <namespace>/<slug>} outside the default namespace). */
    private static void memberships(Map<String, ObjectNode> users, Iterable<ObjectNode> teams, String namespace) {
        for (ObjectNode team : teams) {
            String group = EntityRef.DEFAULT_NAMESPACE.equals(namespace) ? name(team) : namespace + "/" + name(team);
            for (JsonNode member : team.path("spec").path("members")) {
                String login = member.stringValue().substring(member.stringValue().indexOf('/') + 1);
                ObjectNode user = users.get(login);
                if (user != null) {
                    addOnce((ArrayNode) user.get("spec").get("memberOf"), group);
                }
            }
        }
    }

    private static ReadResult validated(List<ObjectNode> descriptors, Map<ObjectNode, JsonNode> raws, int read, OrgTransformers transformers,
            String source) {
        List<OrgEntities.Made> made = new ArrayList<>();
        for (ObjectNode descriptor : descriptors) {
            String what = "GitHub " + descriptor.get("kind").stringValue().toLowerCase(Locale.ROOT) + " " + name(descriptor);
            made.add(new OrgEntities.Made(descriptor, what, raws.get(descriptor)));
        }
        return OrgEntities.of(made, read, transformers, source, "github-org");
    }

    /** Backstage's {@code withLocations}: the entity is managed from where GitHub shows it. */
    private static void locate(ObjectNode descriptor, String url) {
        ObjectNode annotations = (ObjectNode) descriptor.path("metadata").get("annotations");
        annotations.put(Documents.MANAGED_BY_LOCATION, "url:" + url);
        annotations.put(Documents.MANAGED_BY_ORIGIN_LOCATION, "url:" + url);
    }

    private static void addOnce(ArrayNode values, String value) {
        for (JsonNode existing : values) {
            if (existing.stringValue().equals(value)) {
                return;
            }
        }
        values.add(value);
    }

    private static String name(ObjectNode descriptor) {
        return descriptor.path("metadata").path("name").asString();
    }

    private static void putText(ObjectNode target, String field, JsonNode source, String sourceField) {
        String value = text(source, sourceField);
        if (value != null) {
            target.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
    }
}
