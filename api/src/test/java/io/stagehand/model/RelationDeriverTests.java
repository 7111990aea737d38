package io.stagehand.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class RelationDeriverTests {

    private static RelationDeriver.Derived derive(String kind, String spec) {
        ObjectNode doc = (ObjectNode) Yaml.doc("apiVersion: backstage.io/v1alpha1\nkind: " + kind
                + "\nmetadata: {name: self, namespace: shop}\nspec: " + spec + "\n");
        return RelationDeriver.derive(new Entity(new EntityRef(kind, "shop", "self"), doc));
    }

    private static List<String> relations(String kind, String spec) {
        RelationDeriver.Derived derived = derive(kind, spec);
        assertThat(derived.problems()).isEmpty();
        return derived.relations().stream().map(r -> r.source() + " " + r.type() + " " + r.target()).toList();
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource(delimiter = '|', textBlock = """
            Component | owner: team-a                 | component:shop/self ownedBy group:shop/team-a         | group:shop/team-a ownerOf component:shop/self
            Component | owner: user:jane              | component:shop/self ownedBy user:shop/jane            | user:shop/jane ownerOf component:shop/self
            Component | subcomponentOf: parent        | component:shop/self partOf component:shop/parent      | component:shop/parent hasPart component:shop/self
            Component | providesApis: [pay]           | component:shop/self providesApi api:shop/pay          | api:shop/pay apiProvidedBy component:shop/self
            Component | consumesApis: [other/pay]     | component:shop/self consumesApi api:other/pay         | api:other/pay apiConsumedBy component:shop/self
            Component | dependsOn: [resource:db]      | component:shop/self dependsOn resource:shop/db        | resource:shop/db dependencyOf component:shop/self
            Component | dependencyOf: [component:web] | component:shop/self dependencyOf component:shop/web   | component:shop/web dependsOn component:shop/self
            Component | system: payments              | component:shop/self partOf system:shop/payments       | system:shop/payments hasPart component:shop/self
            API       | owner: team-a                 | api:shop/self ownedBy group:shop/team-a               | group:shop/team-a ownerOf api:shop/self
            API       | system: payments              | api:shop/self partOf system:shop/payments             | system:shop/payments hasPart api:shop/self
            Resource  | owner: team-a                 | resource:shop/self ownedBy group:shop/team-a          | group:shop/team-a ownerOf resource:shop/self
            Resource  | dependsOn: [resource:disk]    | resource:shop/self dependsOn resource:shop/disk       | resource:shop/disk dependencyOf resource:shop/self
            Resource  | dependencyOf: [component:web] | resource:shop/self dependencyOf component:shop/web    | component:shop/web dependsOn resource:shop/self
            Resource  | system: payments              | resource:shop/self partOf system:shop/payments        | system:shop/payments hasPart resource:shop/self
            System    | owner: team-a                 | system:shop/self ownedBy group:shop/team-a            | group:shop/team-a ownerOf system:shop/self
            System    | domain: commerce              | system:shop/self partOf domain:shop/commerce          | domain:shop/commerce hasPart system:shop/self
            Domain    | owner: team-a                 | domain:shop/self ownedBy group:shop/team-a            | group:shop/team-a ownerOf domain:shop/self
            Domain    | subdomainOf: business         | domain:shop/self partOf domain:shop/business          | domain:shop/business hasPart domain:shop/self
            User      | memberOf: [team-a]            | user:shop/self memberOf group:shop/team-a             | group:shop/team-a hasMember user:shop/self
            Group     | parent: org                   | group:shop/self childOf group:shop/org                | group:shop/org parentOf group:shop/self
            Group     | children: [team-b]            | group:shop/self parentOf group:shop/team-b            | group:shop/team-b childOf group:shop/self
            Group     | members: [jane]               | group:shop/self hasMember user:shop/jane              | user:shop/jane memberOf group:shop/self
            Template  | owner: team-a                 | template:shop/self ownedBy group:shop/team-a          | group:shop/team-a ownerOf template:shop/self
            """)
    void derivesBothDirectionsWithTheFieldsDefaults(String kind, String spec, String outgoing, String incoming) {
        assertThat(relations(kind, "{" + spec + "}")).containsExactly(outgoing, incoming);
    }

    @Test
    void keepsTheNameAsWrittenInTargets() {
        assertThat(relations("Component", "{owner: Team-A}")).first().isEqualTo("component:shop/self ownedBy group:shop/Team-A");
    }

    @Test
    void reportsADependsOnWithoutKindAsBackstageDoes() {
        RelationDeriver.Derived derived = derive("Component", "{dependsOn: [payments-db]}");
        assertThat(derived.relations()).isEmpty();
        assertThat(derived.problems()).singleElement().satisfies(p -> assertThat(p).contains("spec.dependsOn").contains("missing or empty kind"));
    }

    @Test
    void locationsAndOtherKindsEmitNothing() {
        assertThat(relations("Location", "{targets: [./a.yaml]}")).isEmpty();
        assertThat(relations("Environment", "{owner: team-a}")).isEmpty();
    }

    @Test
    void emitsEachRelationOnce() {
        assertThat(relations("Component", "{dependsOn: [resource:db, resource:db]}")).hasSize(2);
    }

    @Test
    void theFieldsThatTakeManyReferencesAreTheKindsArrayFields() {
        for (Kind kind : Kind.values()) {
            if (kind != Kind.LOCATION) {
                assertThat(SpecRelation.of(kind).stream().filter(SpecRelation::many).map(SpecRelation::field))
                        .as(kind.displayName()).containsExactlyInAnyOrderElementsOf(kind.arrayFields());
            }
        }
    }

    @Test
    void singleReferencesMustNameTheirDefaultKindButOwnersMayBeAnyone() {
        assertThat(SpecRelation.of(Kind.COMPONENT)).filteredOn(field -> !field.many())
                .extracting(SpecRelation::field, SpecRelation::targetKind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("owner", null),
                        org.assertj.core.groups.Tuple.tuple("subcomponentOf", "component"),
                        org.assertj.core.groups.Tuple.tuple("system", "system"));
    }
}
