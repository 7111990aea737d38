package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.catalog.CatalogProperties;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A github-org source's configuration: Backstage's keys, and a host without an integration refused at start-up as Backstage refuses it. */
class GithubOrgPropertiesTests {

    @Test
    void theSourceTakesBackstagesKeys() {
        CatalogProperties single = bind(Map.of("sources[0].type", "github-org", "sources[0].orgUrl", "https://github.com/acme"));
        assertThat(single.sources().get(0).type()).isEqualTo(CatalogProperties.SourceType.GITHUB_ORG);
        assertThat(single.sources().get(0).isComplete()).isTrue();
        assertThat(single.sources().get(0).nameOr(0)).isEqualTo("github-org-0");
        CatalogProperties multi = bind(Map.of("sources[0].type", "github-org", "sources[0].githubUrl", "https://github.com",
                "sources[0].orgs[0]", "acme", "sources[0].orgs[1]", "beta"));
        assertThat(multi.sources().get(0).orgs()).containsExactly("acme", "beta");
        assertThat(bind(Map.of("sources[0].type", "github-org", "sources[0].githubUrl", "https://github.com")).sources().get(0).isComplete()).isTrue();
        assertThat(bind(Map.of("sources[0].type", "github-org", "sources[0].orgs[0]", "acme")).sources().get(0).isComplete()).isFalse();
        assertThat(GithubOrgReader.orgOf("https://github.com/acme/")).isEqualTo("acme");
        assertThat(GithubOrgReader.host("http://localhost:8080/acme")).isEqualTo("localhost:8080");
        assertThat(GithubOrgClient.graphqlUrl("https://ghe.example.com/api/v3")).isEqualTo("https://ghe.example.com/api/graphql");
        assertThat(GithubOrgClient.graphqlUrl("https://api.github.com")).isEqualTo("https://api.github.com/graphql");
    }

    @Test
    void aSourceOnAHostWithoutAnIntegrationOrWithoutOrganisationsStopsTheServer() {
        CatalogProperties properties = bind(Map.of("demo.enabled", "false", "sources[0].name", "ghe", "sources[0].type", "github-org",
                "sources[0].orgUrl", "https://ghe.example.com/acme"));
        assertThatThrownBy(() -> TestSources.of(properties)).hasMessageContaining("ghe.example.com").hasMessageContaining("stagehand.integrations.github");
        assertThat(TestSources.of(bind(Map.of("demo.enabled", "false", "sources[0].type", "github-org", "sources[0].orgUrl", "https://github.com/acme")))
                .find("github-org-0").orElseThrow().target()).isEqualTo("https://github.com/acme");
        assertThatThrownBy(() -> TestSources.of(bind(Map.of("demo.enabled", "false", "sources[0].type", "github-org",
                "sources[0].githubUrl", "https://github.com")))).hasMessageContaining("name them in orgs");
    }

    private static CatalogProperties bind(Map<String, String> keys) {
        Map<String, String> properties = new HashMap<>();
        keys.forEach((key, value) -> properties.put("stagehand." + key, value));
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("stagehand", CatalogProperties.class);
    }
}
