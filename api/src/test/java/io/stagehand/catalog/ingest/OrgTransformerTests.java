package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.catalog.GroupTransformer;
import io.stagehand.catalog.OrgRecord;
import io.stagehand.catalog.UserTransformer;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Json;
import io.stagehand.model.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The company's transformers over an organisation read (here Microsoft Graph's, without a Graph):
 * they see the provider's record, a rename is followed by every ref of the same read, and an
 * entity left out is taken out of the others' relations.
 */
class OrgTransformerTests {

    static final JsonNode TENANT = Json.MAPPER.readTree("{\"id\": \"t\", \"displayName\": \"Tenant\"}");
    static final List<JsonNode> USERS = List.of(
            Json.MAPPER.readTree("{\"id\": \"u-1\", \"displayName\": \"Alice\", \"mail\": \"alice@example.com\", \"jobTitle\": \"SRE\"}"),
            Json.MAPPER.readTree("{\"id\": \"u-2\", \"displayName\": \"Bob\", \"mail\": \"bob@example.com\", \"jobTitle\": \"Contractor\"}"));
    static final List<MsGraphOrg.GroupRead> GROUPS = List.of(
            new MsGraphOrg.GroupRead(Json.MAPPER.readTree("{\"id\": \"g-1\", \"displayName\": \"Platform\"}"), List.of(
                    Json.MAPPER.readTree("{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"u-1\"}"),
                    Json.MAPPER.readTree("{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"u-2\"}"),
                    Json.MAPPER.readTree("{\"@odata.type\": \"#microsoft.graph.group\", \"id\": \"g-2\"}"))),
            new MsGraphOrg.GroupRead(Json.MAPPER.readTree("{\"id\": \"g-2\", \"displayName\": \"Legacy\"}"), List.of(
                    Json.MAPPER.readTree("{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"u-1\"}"))));

    static Map<String, JsonNode> byRef(ReadResult result) {
        return result.entities().stream().collect(Collectors.toMap(e -> e.ref().toString(), e -> Json.MAPPER.readTree(e.descriptorJson())));
    }

    @Test
    void withoutTransformersTheDefaultMappingIsStored() {
        ReadResult result = MsGraphOrg.entities(TENANT, USERS, GROUPS, "url:x", OrgTransformers.NONE, "graph");
        assertThat(byRef(result)).containsKeys("user:default/alice_example.com", "user:default/bob_example.com", "group:default/legacy");
    }

    @Test
    void renamesAreFollowedAndWhatIsLeftOutLeavesTheRelations() {
        List<OrgRecord> seen = new ArrayList<>();
        UserTransformer users = (user, record) -> {
            seen.add(record);
            if (record.raw().path("jobTitle").asString("").equals("Contractor")) {
                return null;
            }
            user.withObject("metadata").put("name", record.raw().path("mail").asString().split("@")[0]);
            return user;
        };
        GroupTransformer groups = (group, record) -> switch (group.path("metadata").path("name").asString()) {
            case "legacy" -> null;
            case "platform" -> group.set("metadata", group.withObject("metadata").put("name", "platform-team"));
            default -> group;
        };
        ReadResult result = MsGraphOrg.entities(TENANT, USERS, GROUPS, "url:x", new OrgTransformers(List.of(users), List.of(groups)), "graph");

        assertThat(result.problems()).isEmpty();
        Map<String, JsonNode> entities = byRef(result);
        assertThat(entities).containsOnlyKeys("user:default/alice", "group:default/tenant", "group:default/platform-team");
        assertThat(entities.get("user:default/alice").path("spec").path("memberOf").toString()).isEqualTo("[\"group:default/platform-team\"]");
        assertThat(entities.get("group:default/tenant").path("spec").path("children").toString()).isEqualTo("[\"group:default/platform-team\"]");
        assertThat(entities.get("group:default/platform-team").path("spec").path("children").toString()).isEqualTo("[]");
        assertThat(entities.get("group:default/platform-team").path("spec").path("parent").asString()).isEqualTo("group:default/tenant");
        assertThat(result.entities()).flatExtracting(IngestedEntity::relations)
                .noneMatch(relation -> relation.toString().contains("legacy") || relation.toString().contains("bob"));
        assertThat(seen).extracting(OrgRecord::source, OrgRecord::type).containsOnly(org.assertj.core.groups.Tuple.tuple("graph", "msgraph"));
        assertThat(seen).extracting(record -> record.raw().path("id").asString()).containsExactly("u-1", "u-2");
    }

    @Test
    void groupsMovedToAnotherNamespaceKeepTheirMembersAndANewEntityKeepsItsLocation() {
        GroupTransformer corp = (group, record) -> {
            var moved = Json.MAPPER.createObjectNode();
            moved.put("apiVersion", "backstage.io/v1alpha1").put("kind", "Group");
            moved.putObject("metadata").put("name", group.path("metadata").path("name").asString()).put("namespace", "corp");
            moved.set("spec", group.get("spec"));
            return moved;
        };
        UserTransformer rename = (user, record) -> user.set("metadata",
                user.withObject("metadata").put("name", record.raw().path("mail").asString().split("@")[0]));
        ReadResult result = MsGraphOrg.entities(TENANT, USERS, GROUPS, "url:x", new OrgTransformers(List.of(rename), List.of(corp)), "graph");

        assertThat(result.problems()).isEmpty();
        Map<String, JsonNode> entities = byRef(result);
        assertThat(entities).containsKeys("group:corp/platform", "group:corp/legacy", "user:default/alice", "user:default/bob");
        assertThat(entities.get("user:default/alice").path("spec").path("memberOf").toString())
                .isEqualTo("[\"group:corp/platform\",\"group:corp/legacy\"]");
        assertThat(entities.get("group:corp/platform").path("spec").path("children").toString()).isEqualTo("[\"group:corp/legacy\"]");
        assertThat(entities.get("group:corp/platform").path("metadata").path("annotations").path("backstage.io/managed-by-location").asString())
                .as("the source's location, on an entity the transformer built anew").isEqualTo("url:x");
        assertThat(result.entities()).allSatisfy(entity -> assertThat(entity.location()).isEqualTo("url:x"));
    }

    /** A company declares them as beans, several running in their order. */
    @Test
    void transformerBeansRunInTheirOrder() {
        var beans = new org.springframework.beans.factory.support.DefaultListableBeanFactory();
        // as an application context sets it up
        beans.setDependencyComparator(org.springframework.core.annotation.AnnotationAwareOrderComparator.INSTANCE);
        beans.registerSingleton("second", new Second());
        beans.registerSingleton("first", new First());
        OrgTransformers transformers = new OrgTransformers(beans.getBeanProvider(UserTransformer.class),
                beans.getBeanProvider(GroupTransformer.class));
        var user = Json.MAPPER.createObjectNode().put("kind", "User");
        user.putObject("metadata").put("name", "a");
        assertThat(transformers.apply(user, new OrgRecord("s", "ldap", null)).path("metadata").path("name").asString()).isEqualTo("a-1-2");
    }

    @org.springframework.core.annotation.Order(1)
    static class First implements UserTransformer {
        @Override
        public tools.jackson.databind.node.ObjectNode transform(tools.jackson.databind.node.ObjectNode user, OrgRecord record) {
            return user.set("metadata", user.withObject("metadata").put("name", user.path("metadata").path("name").asString() + "-1"));
        }
    }

    @org.springframework.core.annotation.Order(2)
    static class Second implements UserTransformer {
        @Override
        public tools.jackson.databind.node.ObjectNode transform(tools.jackson.databind.node.ObjectNode user, OrgRecord record) {
            return user.set("metadata", user.withObject("metadata").put("name", user.path("metadata").path("name").asString() + "-2"));
        }
    }
}
