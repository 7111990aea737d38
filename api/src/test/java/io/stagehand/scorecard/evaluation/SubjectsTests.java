package io.stagehand.scorecard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.catalog.store.EntitySnapshots.Relations;
import io.stagehand.scorecard.definition.DefinitionLoader;
import io.stagehand.scorecard.definition.Definitions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which relations an evaluation reads: only those its definitions can see. */
class SubjectsTests {

    static Relations read(String yaml) {
        Definitions definitions = new DefinitionLoader().load(List.of(new DefinitionLoader.Source("test.yaml",
                yaml.getBytes(StandardCharsets.UTF_8))));
        assertThat(definitions.problems()).isEmpty();
        return Subjects.relationsRead(definitions);
    }

    static String card(String fact) {
        return """
                kind: Scorecard
                metadata: {name: card}
                spec:
                  appliesTo: {filter: {kind: component}}
                  checks:
                    - {id: a, weight: high, rule: {fact: entity.metadata.name, operator: exists}}
                    - {id: b, weight: low, rule: {any: [{fact: "%s", operator: exists}, {fact: entity.spec.type, operator: exists}]}}
                """.formatted(fact);
    }

    @Test
    void descriptorFactsReadNoRelations() {
        assertThat(read(card("entity.spec.lifecycle"))).isEqualTo(new Relations(Set.of()));
    }

    @Test
    void theOwnerReadsOwnedByAndANamedTypeReadsThatType() {
        assertThat(read(card("entity.owner.kind"))).isEqualTo(new Relations(Set.of("ownedBy")));
        assertThat(read(card("entity.relations.dependsOn[0]"))).isEqualTo(new Relations(Set.of("dependsOn")));
        assertThat(read(card("entity.relations['partOf']"))).isEqualTo(new Relations(Set.of("partOf")));
    }

    @Test
    void relationsAsAWholeReadThemAll() {
        assertThat(read(card("entity.relations"))).isEqualTo(Relations.ALL);
        assertThat(read(card("entity.relations[0]"))).isEqualTo(Relations.ALL);
    }

    @Test
    void entityFactSourcesAndFiltersCountToo() {
        assertThat(read("""
                kind: FactSource
                metadata: {name: graph}
                spec:
                  type: entity
                  appliesTo: {filter: {relations.partOf: system:default/shop}}
                  facts:
                    consumed: {path: $.relations.consumesApi}
                """ + "---\n" + card("entity.spec.type"))).isEqualTo(new Relations(Set.of("partOf", "consumesApi")));
    }
}
