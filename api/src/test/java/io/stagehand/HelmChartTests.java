package io.stagehand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.stagehand.catalog.CatalogProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Helm chart in deploy/helm/stagehand, linted and rendered by Helm itself (its library, run
 * in-process): what a cluster would be given, and that the server reads the configuration the chart
 * writes. It does not install anything: no cluster here.
 */
class HelmChartTests {

    private static final Path CHART = Path.of("..", "deploy", "helm", "stagehand");
    private static final YAMLMapper yaml = new YAMLMapper();

    private static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws Exception {
        String manifests = values.apply(new Helm(CHART).template().withName("stagehand").withNamespace("platform")).call();
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(manifests)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static JsonNode only(List<JsonNode> documents, String kind) {
        List<JsonNode> found = documents.stream().filter(d -> kind.equals(d.path("kind").asString())).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static List<String> kinds(List<JsonNode> documents) {
        return documents.stream().map(d -> d.path("kind").asString()).toList();
    }

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultsRenderTwoReplicasProbedOnTheActuatorGroupsWithSecretsByReference() throws Exception {
        List<JsonNode> documents = render(t -> t);
        assertThat(kinds(documents)).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment", "PodDisruptionBudget");

        JsonNode deployment = only(documents, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/resources/limits/memory").asString()).isEqualTo("768Mi");
        Map<String, JsonNode> env = new java.util.HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asString(), e));
        assertThat(env.get("DB_PASSWORD").at("/valueFrom/secretKeyRef/name").asString()).isEqualTo("stagehand-database");
        assertThat(env.get("SPRING_R2DBC_PASSWORD").path("value").asString()).isEqualTo("$(DB_PASSWORD)");
        assertThat(env.get("SPRING_R2DBC_URL").path("value").asString()).isEqualTo("r2dbc:postgresql://postgresql:5432/stagehand");
        assertThat(env.get("SPRING_FLYWAY_URL").path("value").asString()).isEqualTo("jdbc:postgresql://postgresql:5432/stagehand");
        assertThat(env.get("JAVA_TOOL_OPTIONS").path("value").asString()).isEqualTo("-Xmx320m");
        assertThat(env.get("STAGEHAND_AUTH_ANONYMOUS").path("value").asString()).isEqualTo("false");
        // no secret value is ever written into the manifests
        documents.forEach(d -> assertThat(d.path("kind").asString()).isNotEqualTo("Secret"));

        JsonNode service = only(documents, "Service");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(7171);
        assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        assertThat(only(documents, "PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);
    }

    @Test
    void sourcesAndTheirTokensReachTheServersConfiguration() throws Exception {
        List<JsonNode> documents = render(t -> t
                .set("demo", "false")
                .set("sources[0].name", "platform").set("sources[0].type", "git")
                .set("sources[0].url", "https://git.example.com/catalog.git").set("sources[0].token-env", "CATALOG_GIT_TOKEN")
                .set("sources[0].refresh", "PT2M")
                .set("sourceTokens[0].env", "CATALOG_GIT_TOKEN").set("sourceTokens[0].existingSecret", "stagehand-sources")
                .set("sourceTokens[0].key", "git-token")
                .set("auth.tokens[0].name", "backstage-proxy").set("auth.tokens[0].existingSecret", "stagehand-tokens")
                .set("auth.tokens[0].key", "proxy").set("auth.tokens[0].scopes[0]", "read")
                .set("auth.tokens[0].scopes[1]", "exemptions:request").set("permissions.admins[0]", "group:default/platform"));
        String applicationYaml = only(documents, "ConfigMap").at("/data/application.yaml").asString();
        List<PropertySource<?>> loaded = new YamlPropertySourceLoader().load("chart", new ByteArrayResource(applicationYaml.getBytes()));
        CatalogProperties properties = new Binder(ConfigurationPropertySources.from(loaded.get(0)))
                .bindOrCreate("stagehand", CatalogProperties.class);
        assertThat(properties.demo().enabled()).isFalse();
        assertThat(properties.sources()).singleElement().satisfies(source -> {
            assertThat(source.nameOr(0)).isEqualTo("platform");
            assertThat(source.type()).isEqualTo(CatalogProperties.SourceType.GIT);
            assertThat(source.tokenEnv()).isEqualTo("CATALOG_GIT_TOKEN");
            assertThat(source.refresh()).hasMinutes(2);
            assertThat(source.isComplete()).isTrue();
        });

        JsonNode container = only(documents, "Deployment").at("/spec/template/spec/containers/0");
        Map<String, JsonNode> env = new java.util.HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asString(), e));
        assertThat(env.get("CATALOG_GIT_TOKEN").at("/valueFrom/secretKeyRef/name").asString()).isEqualTo("stagehand-sources");
        assertThat(env.get("STAGEHAND_AUTH_TOKENS_0_NAME").path("value").asString()).isEqualTo("backstage-proxy");
        assertThat(env.get("STAGEHAND_AUTH_TOKENS_0_TOKEN").at("/valueFrom/secretKeyRef/key").asString()).isEqualTo("proxy");
        assertThat(env.get("STAGEHAND_AUTH_TOKENS_0_SCOPES").path("value").asString()).isEqualTo("read,exemptions:request");
        assertThat(env.get("STAGEHAND_PERMISSIONS_ADMINS").path("value").asString()).isEqualTo("group:default/platform");
        assertThat(env).doesNotContainKey("STAGEHAND_AUTH_LEGACY_FULL_ACCESS");
    }

    @Test
    void aServiceMonitorScrapesWithATokenAndOneReplicaHasNoDisruptionBudget() throws Exception {
        List<JsonNode> documents = render(t -> t.set("replicaCount", "1").set("serviceMonitor.enabled", "true")
                .set("serviceMonitor.tokenSecret.name", "stagehand-tokens").set("serviceMonitor.tokenSecret.key", "prometheus"));
        assertThat(kinds(documents)).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment", "ServiceMonitor");
        JsonNode endpoint = only(documents, "ServiceMonitor").at("/spec/endpoints/0");
        assertThat(endpoint.path("path").asString()).isEqualTo("/actuator/prometheus");
        assertThat(endpoint.at("/authorization/credentials/name").asString()).isEqualTo("stagehand-tokens");
    }

    @Test
    void aMissingDatabaseSecretIsRefusedByName() {
        assertThatThrownBy(() -> render(t -> t.set("database.existingSecret", "")))
                .hasMessageContaining("database.existingSecret");
    }
}
