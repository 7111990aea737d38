package io.stagehand.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityValidatorTests {

    private static final String COMPONENT = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: payment-api
              namespace: shop
              title: Payment API
              labels: {tier: gold, example.com/cost-center: cc-42}
              annotations: {backstage.io/techdocs-ref: "dir:.", github.com/project-slug: acme/payment-api}
              tags: [java, pci]
              links: [{url: "https://example.com", title: Docs}]
            spec:
              type: service
              lifecycle: production
              owner: payments-team
              dependsOn: [resource:payments-db]
            """;

    private static List<String> problems(String yaml) {
        return EntityValidator.validate(Yaml.doc(yaml));
    }

    @Test
    void aLongValueIsQuotedOnlyInPartSoAFileReadByMistakeIsNotServedWhole() {
        String secret = "MIIEowIBAAKCAQEA" + "x".repeat(500) + "TAIL";
        assertThat(problems("\"" + secret + "\"")).singleElement().asString()
                .contains("found \"MIIEowIBAAKCAQEA").contains("(520 characters)").doesNotContain("TAIL");
        assertThat(problems(COMPONENT.replace("name: payment-api", "name: " + secret))).anySatisfy(problem ->
                assertThat(problem).contains("metadata.name").doesNotContain("TAIL"));
    }

    @Test
    void acceptsACompleteComponent() {
        assertThat(problems(COMPONENT)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad name            | 'name: payment-api'            | 'name: -payment-api'          | metadata.name
            long name           | 'name: payment-api'            | 'name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' | metadata.name
            bad namespace       | 'namespace: shop'              | 'namespace: Shop_1'           | metadata.namespace
            bad tag             | 'tags: [java, pci]'            | 'tags: [Java, pci]'           | metadata.tags[0]
            bad label key       | 'labels: {tier: gold,'         | 'labels: {-tier: gold,'       | metadata.labels
            bad label value     | 'labels: {tier: gold,'         | 'labels: {tier: gold plated,' | metadata.labels.tier
            bad annotation key  | 'annotations: {backstage.io/'  | 'annotations: {Backstage.io/' | metadata.annotations
            annotation number   | 'slug: acme/payment-api}'      | 'slug: 42}'                   | metadata.annotations.github.com/project-slug
            missing type        | 'type: service'                | 'typo: service'               | spec.type
            missing lifecycle   | 'lifecycle: production'        | 'lifecycle: ""'               | spec.lifecycle
            missing owner       | 'owner: payments-team'         | 'owner: null'                 | spec.owner
            bad kind            | 'kind: Component'              | 'kind: Com-ponent'            | kind
            lower-case kind     | 'kind: Component'              | 'kind: component'             | must be written "Component"
            bad apiVersion      | 'apiVersion: backstage.io/v1alpha1' | 'apiVersion: backstage.io/v9' | not supported for kind Component
            dependsOn not list  | 'dependsOn: [resource:payments-db]' | 'dependsOn: resource:payments-db' | spec.dependsOn
            link without url    | 'links: [{url: "https://example.com", title: Docs}]' | 'links: [{title: Docs}]' | metadata.links[0].url
            title not string    | 'title: Payment API'           | 'title: [Payment]'            | metadata.title
            """)
    void reportsEachRuleNamingTheField(String rule, String good, String bad, String field) {
        assertThat(COMPONENT).contains(good);
        List<String> problems = problems(COMPONENT.replace(good, bad));
        assertThat(problems).as(rule).anySatisfy(p -> assertThat(p).contains(field));
    }

    @Test
    void refusesUnknownRootFields() {
        assertThat(problems(COMPONENT + "extra: true\n")).anySatisfy(p -> assertThat(p).contains("Unknown root field \"extra\""));
    }

    @Test
    void refusesADocumentThatIsNotAMapping() {
        assertThat(problems("- a\n- b\n")).singleElement().satisfies(p -> assertThat(p).contains("must be a YAML mapping"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            API       | type: openapi, lifecycle: production, owner: team-a, definition: 'openapi: 3.0.0' | definition
            Resource  | type: database, owner: team-a                                                   | owner
            System    | owner: team-a                                                                   | owner
            Domain    | owner: team-a                                                                   | owner
            Group     | type: team, children: []                                                        | children
            User      | memberOf: [team-a]                                                              | memberOf
            """)
    void requiresTheSpecFieldsOfEachKind(String kind, String spec, String required) {
        String valid = "apiVersion: backstage.io/v1alpha1\nkind: " + kind + "\nmetadata: {name: x}\nspec: {" + spec + "}\n";
        assertThat(problems(valid)).isEmpty();
        String withoutField = valid.replaceAll(required + ": [^,}]+(, )?", "").replace(", }", "}");
        assertThat(problems(withoutField)).anySatisfy(p -> assertThat(p).contains("\"spec." + required + "\" is required"));
    }

    @Test
    void acceptsOtherKindsAsGenericEntities() {
        assertThat(problems("apiVersion: example.com/v1\nkind: Environment\nmetadata: {name: prod}\nspec: {anything: [1, 2]}\n")).isEmpty();
    }

    @Test
    void acceptsLocationsAndChecksPresence() {
        String location = "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: l}\nspec: {targets: [./a.yaml], presence: optional}\n";
        assertThat(problems(location)).isEmpty();
        assertThat(problems(location.replace("optional", "sometimes"))).anySatisfy(p -> assertThat(p).contains("spec.presence"));
    }

    @Test
    void acceptsTemplatesOfTheScaffolderApiVersion() {
        assertThat(problems("apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\nspec: {type: service, owner: team-a, steps: []}\n")).isEmpty();
    }
}
