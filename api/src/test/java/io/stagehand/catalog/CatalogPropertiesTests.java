package io.stagehand.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.catalog.ingest.CatalogSource;
import io.stagehand.catalog.ingest.TestSources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The configuration contract scripts rely on, bound the way Spring binds the command line. */
class CatalogPropertiesTests {

    private static CatalogProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("stagehand", CatalogProperties.class);
    }

    @Test
    void aSourceNeedsOnlyATypeAndAPath() {
        CatalogProperties properties = bind(Map.of(
                "stagehand.sources[0].type", "file",
                "stagehand.sources[0].path", "/some/folder",
                "stagehand.demo.enabled", "false"));
        CatalogSource source = TestSources.of(properties).all().get(0);
        assertThat(source.name()).isEqualTo("file-0");
        assertThat(source.glob()).isEqualTo("**/catalog-info.yaml");
        assertThat(source.refresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.isSourceNamesUnique()).isTrue();
    }

    @Test
    void gitSourcesTakeUrlBranchGlobTokenEnvAndRefresh() {
        CatalogProperties properties = bind(Map.of(
                "stagehand.sources[0].name", "platform",
                "stagehand.sources[0].type", "git",
                "stagehand.sources[0].url", "https://example.com/catalog.git",
                "stagehand.sources[0].branch", "main",
                "stagehand.sources[0].glob", "services/**/catalog-info.yaml",
                "stagehand.sources[0].token-env", "CATALOG_TOKEN",
                "stagehand.sources[0].refresh", "PT30S"));
        var source = properties.sources().get(0);
        assertThat(source.isComplete()).isTrue();
        assertThat(source.tokenEnv()).isEqualTo("CATALOG_TOKEN");
        assertThat(source.refresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(TestSources.of(properties).all()).extracting(CatalogSource::name).containsExactly("demo", "platform");
    }

    @Test
    void namesMustBeUniqueAndSourcesComplete() {
        assertThat(bind(Map.of("stagehand.sources[0].type", "file", "stagehand.sources[0].path", "/a", "stagehand.sources[0].name", "demo"))
                .isSourceNamesUnique()).isFalse();
        assertThat(bind(Map.of("stagehand.sources[0].type", "git")).sources().get(0).isComplete()).isFalse();
        assertThat(bind(Map.of("stagehand.sources[0].type", "file", "stagehand.sources[0].path", "/a", "stagehand.sources[0].refresh", "PT0S"))
                .sources().get(0).isRefreshPositive()).isFalse();
    }
}
