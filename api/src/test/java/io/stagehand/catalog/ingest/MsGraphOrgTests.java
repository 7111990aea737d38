package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.model.Json;
import io.stagehand.model.ReadResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backstage's Microsoft Graph naming and hierarchy rules, without a Graph. */
class MsGraphOrgTests {

    @Test
    void namesAreNormalisedAsBackstagesNormalizeEntityNameDoes() {
        assertThat(MsGraphOrg.normalize("  Alice.Smith@Example.COM ")).isEqualTo("alice.smith_example.com");
        assertThat(MsGraphOrg.normalize("My Group (Reader)")).isEqualTo("my_group_reader");
        assertThat(MsGraphOrg.normalize("a  b__")).isEqualTo("a_b");
    }

    @Test
    void aGroupListedByTwoGroupsIsTheChildOfBothAndKeepsTheLastAsItsParent() {
        var groups = List.of(
                new MsGraphOrg.GroupRead(Json.MAPPER.readTree("{\"id\": \"g-1\", \"displayName\": \"One\"}"),
                        List.of(Json.MAPPER.readTree("{\"@odata.type\": \"#microsoft.graph.group\", \"id\": \"g-3\"}"))),
                new MsGraphOrg.GroupRead(Json.MAPPER.readTree("{\"id\": \"g-2\", \"displayName\": \"Two\"}"),
                        List.of(Json.MAPPER.readTree("{\"@odata.type\": \"#microsoft.graph.group\", \"id\": \"g-3\"}"))),
                new MsGraphOrg.GroupRead(Json.MAPPER.readTree("{\"id\": \"g-3\", \"displayName\": \"Three\"}"), List.of()));
        ReadResult result = MsGraphOrg.entities(Json.MAPPER.readTree("{\"id\": \"t\", \"displayName\": \"Tenant\"}"), List.of(), groups, "url:x",
                OrgTransformers.NONE, "graph");
        assertThat(result.problems()).isEmpty();
        assertThat(result.entities()).extracting(e -> e.ref().name()).containsExactly("tenant", "one", "two", "three");
        var three = Json.MAPPER.readTree(result.entities().get(3).descriptorJson());
        assertThat(three.path("spec").path("parent").stringValue()).isEqualTo("group:default/two");
        var root = Json.MAPPER.readTree(result.entities().get(0).descriptorJson());
        assertThat(root.path("spec").path("children").toString()).isEqualTo("[\"group:default/one\",\"group:default/two\"]");
    }
}
