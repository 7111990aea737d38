package io.stagehand.catalog.ingest;

import io.stagehand.model.EntityRef;
import io.stagehand.model.ReadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The organisation a Microsoft Graph read gives, by Backstage's {@code MicrosoftGraphOrgEntityProvider}
 * rules: its default user, group and organization transformers (names normalised as its
 * {@code normalizeEntityName} does), a user listed among a group's members is a member of it, a
 * group listed among another's members is its child, and a group without a parent is a child of
 * the organization's root group. Then each as a validated entity; a bad one is a problem of its own.
 */
final class MsGraphOrg {

    static final String USER_ID_ANNOTATION = "graph.microsoft.com/user-id";
    static final String GROUP_ID_ANNOTATION = "graph.microsoft.com/group-id";
    static final String TENANT_ID_ANNOTATION = "graph.microsoft.com/tenant-id";
    static final String EMAIL_ANNOTATION = "microsoft.com/email";

    static final String USER_TYPE = "#microsoft.graph.user";
    static final String GROUP_TYPE = "#microsoft.graph.group";

    /** A group as Graph answered it, with the members Graph listed for it. */
    record GroupRead(JsonNode group, List<JsonNode> members) {
    }

    private MsGraphOrg() {
    }

    /** The entities of one read: the organization (may be null), the users and the groups with their members. */
    static ReadResult entities(JsonNode organization, List<JsonNode> users, List<GroupRead> groups, String location,
            OrgTransformers transformers, String source) {
        Map<String, ObjectNode> groupById = new LinkedHashMap<>();
        Map<String, Set<String>> childIds = new LinkedHashMap<>();
        Map<String, Set<String>> parentIds = new LinkedHashMap<>();
        Map<String, Set<String>> groupIdsOfUser = new LinkedHashMap<>();
        // the record each entity came from, for transformers (by identity: the entities change after)
        Map<ObjectNode, JsonNode> raws = new java.util.IdentityHashMap<>();
        ObjectNode root = organization == null ? null : organization(organization);
        if (root != null) {
            raws.put(root, organization);
        }
        String tenantId = root == null ? null : organization.path("id").stringValue();
        if (root != null) {
            groupById.put(tenantId, root);
        }
        for (GroupRead read : groups) {
            ObjectNode group = group(read.group());
            if (group == null) {
                continue;
            }
            raws.put(group, read.group());
            String id = read.group().path("id").stringValue();
            groupById.putIfAbsent(id, group);
            for (JsonNode member : read.members()) {
                String memberId = member.path("id").asString("");
                String type = member.path("@odata.type").asString("");
                if (memberId.isEmpty()) {
                    continue;
                }
                if (USER_TYPE.equals(type)) {
                    groupIdsOfUser.computeIfAbsent(memberId, k -> new LinkedHashSet<>()).add(id);
                } else if (GROUP_TYPE.equals(type)) {
                    childIds.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(memberId);
                    parentIds.computeIfAbsent(memberId, k -> new LinkedHashSet<>()).add(id);
                }
            }
        }
        // every group that is no other's member hangs below the organization, as Backstage's provider does
        if (root != null) {
            groupById.keySet().stream().filter(id -> !id.equals(tenantId) && !parentIds.containsKey(id)).toList().forEach(id -> {
                parentIds.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(tenantId);
                childIds.computeIfAbsent(tenantId, k -> new LinkedHashSet<>()).add(id);
            });
        }
        groupById.forEach((id, group) -> {
            ObjectNode spec = (ObjectNode) group.get("spec");
            var children = spec.putArray("children");
            childIds.getOrDefault(id, Set.of()).stream().map(groupById::get).filter(Objects::nonNull).map(MsGraphOrg::ref)
                    .distinct().forEach(children::add);
            // one parent in Backstage's model: of several, its provider keeps the last it finds
            String parent = null;
            for (String parentId : parentIds.getOrDefault(id, Set.of())) {
                ObjectNode found = groupById.get(parentId);
                parent = found == null ? parent : ref(found);
            }
            if (parent != null) {
                spec.put("parent", parent);
            }
        });
        List<ObjectNode> descriptors = new ArrayList<>();
        for (JsonNode read : users) {
            ObjectNode user = user(read);
            if (user == null) {
                continue;
            }
            var memberOf = ((ObjectNode) user.get("spec")).putArray("memberOf");
            groupIdsOfUser.getOrDefault(read.path("id").stringValue(), Set.of()).stream().map(groupById::get)
                    .filter(Objects::nonNull).map(MsGraphOrg::ref).distinct().forEach(memberOf::add);
            raws.put(user, read);
            descriptors.add(user);
        }
        descriptors.addAll(groupById.values());
        return validated(descriptors, raws, users.size() + groups.size() + (organization == null ? 0 : 1), location, transformers, source);
    }

    /** Backstage's default user transformer: a user needs an id, a display name and a mail, which gives its name. */
    static ObjectNode user(JsonNode user) {
        String id = text(user, "id");
        String displayName = text(user, "displayName");
        String mail = text(user, "mail");
        if (id == null || displayName == null || mail == null) {
            return null;
        }
        ObjectNode descriptor = OrgEntities.skeleton("User", normalize(mail));
        ObjectNode annotations = (ObjectNode) descriptor.path("metadata").get("annotations");
        annotations.put(EMAIL_ANNOTATION, mail);
        annotations.put(USER_ID_ANNOTATION, id);
        ObjectNode profile = ((ObjectNode) descriptor.get("spec")).putObject("profile");
        profile.put("displayName", displayName);
        profile.put("email", mail);
        return descriptor;
    }

    /** Backstage's default group transformer: security groups are named by display name, others by mail nickname first. */
    static ObjectNode group(JsonNode group) {
        String id = text(group, "id");
        String displayName = text(group, "displayName");
        if (id == null || displayName == null) {
            return null;
        }
        String nickname = text(group, "mailNickname");
        boolean security = group.path("securityEnabled").asBoolean(false);
        ObjectNode descriptor = OrgEntities.skeleton("Group", normalize(security || nickname == null ? displayName : nickname));
        ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
        ((ObjectNode) metadata.get("annotations")).put(GROUP_ID_ANNOTATION, id);
        String description = text(group, "description");
        if (description != null) {
            metadata.put("description", description);
        }
        ObjectNode spec = (ObjectNode) descriptor.get("spec");
        spec.put("type", "team");
        ObjectNode profile = spec.putObject("profile");
        profile.put("displayName", displayName);
        String mail = text(group, "mail");
        if (mail != null) {
            profile.put("email", mail);
        }
        return descriptor;
    }

    /** Backstage's default organization transformer: the tenant as the root group. */
    static ObjectNode organization(JsonNode organization) {
        String id = text(organization, "id");
        String displayName = text(organization, "displayName");
        if (id == null || displayName == null) {
            return null;
        }
        ObjectNode descriptor = OrgEntities.skeleton("Group", normalize(displayName));
        ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
        metadata.put("description", displayName);
        ((ObjectNode) metadata.get("annotations")).put(TENANT_ID_ANNOTATION, id);
        ObjectNode spec = (ObjectNode) descriptor.get("spec");
        spec.put("type", "root");
        spec.putObject("profile").put("displayName", displayName);
        return descriptor;
    }

    /** Backstage's {@code normalizeEntityName}: lower case, anything but letters, digits, {@code _-.} as {@code _}, no trailing or doubled {@code _}. */
    static String normalize(String name) {
        String cleaned = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-zA-Z0-9_\\-.]", "_");
        cleaned = cleaned.replaceAll("_+$", "");
        return cleaned.replaceAll("_{2,}", "_");
    }

    private static ReadResult validated(List<ObjectNode> descriptors, Map<ObjectNode, JsonNode> raws, int read, String location,
            OrgTransformers transformers, String source) {
        List<OrgEntities.Made> made = new ArrayList<>();
        for (ObjectNode descriptor : descriptors) {
            ObjectNode annotations = (ObjectNode) descriptor.path("metadata").get("annotations");
            annotations.put(Documents.MANAGED_BY_LOCATION, location);
            annotations.put(Documents.MANAGED_BY_ORIGIN_LOCATION, location);
            made.add(new OrgEntities.Made(descriptor, "Microsoft Graph object " + graphId(descriptor), raws.get(descriptor)));
        }
        return OrgEntities.of(made, read, transformers, source, "msgraph");
    }

    private static String graphId(ObjectNode descriptor) {
        JsonNode annotations = descriptor.path("metadata").path("annotations");
        for (String key : List.of(USER_ID_ANNOTATION, GROUP_ID_ANNOTATION, TENANT_ID_ANNOTATION)) {
            if (annotations.path(key).isString()) {
                return annotations.get(key).stringValue();
            }
        }
        return "(without id)";
    }

    private static String ref(ObjectNode descriptor) {
        return descriptor.get("kind").stringValue().toLowerCase(Locale.ROOT) + ":" + EntityRef.DEFAULT_NAMESPACE + "/"
                + descriptor.path("metadata").path("name").asString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
    }
}
