package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.catalog.GraphGroupsConverter;
import io.stagehand.integrations.IntegrationsProperties.GitlabIntegration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/**
 * The keys of github and gitlab discovery sources as Backstage's providers read them, and the
 * configurations that stop the start with a message naming the source rather than run wrong.
 */
class DiscoveryPropertiesTests {

    private static SourceProperties source(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put("stagehand.sources[0]." + pairs[i], pairs[i + 1]);
        }
        // with the converter the server registers, so a group written as text binds
        ApplicationConversionService conversions = new ApplicationConversionService();
        conversions.addConverter(new GraphGroupsConverter());
        return new Binder(List.of(new MapConfigurationPropertySource(values)), null, conversions)
                .bindOrCreate("stagehand", CatalogProperties.class).sources().get(0);
    }

    private static GithubDiscovery github(SourceProperties source) {
        return new GithubDiscovery("acme", source, "github.com", "https://api.github.com", null);
    }

    private static GithubDiscovery.Repository repository(String name, boolean fork, String visibility, String... topics) {
        return new GithubDiscovery.Repository(name, false, fork, visibility, List.of(topics), "main", "0".repeat(40), "1".repeat(40));
    }

    @Test
    void githubFiltersAreBackstages() {
        GithubDiscovery discovery = github(source("type", "github", "organization", "acme", "filters.repository", "svc-.*",
                "filters.topic.include[0]", "backstage", "filters.topic.exclude[0]", "legacy", "filters.visibility[0]", "internal"));
        assertThat(discovery.keeps(repository("svc-a", false, "INTERNAL", "backstage"))).isTrue();
        // a name that would step out of the owner's URL is never put into one
        assertThat(github(source("type", "github", "organization", "acme")).keeps(repository("..", false, "PUBLIC"))).isFalse();
        assertThat(github(source("type", "github", "organization", "acme")).keeps(repository(".github", false, "PUBLIC"))).isTrue();
        // anchored at both ends, as Backstage anchors it
        assertThat(discovery.keeps(repository("my-svc-a", false, "INTERNAL", "backstage"))).isFalse();
        assertThat(discovery.keeps(repository("svc-a", false, "INTERNAL", "backstage", "legacy"))).isFalse();
        assertThat(discovery.keeps(repository("svc-a", false, "INTERNAL"))).isFalse();
        assertThat(discovery.keeps(repository("svc-a", false, "PUBLIC", "backstage"))).isFalse();
        // forks are allowed unless filters.allowForks is false
        assertThat(discovery.keeps(repository("svc-a", true, "INTERNAL", "backstage"))).isTrue();
        assertThat(github(source("type", "github", "organization", "acme", "filters.allow-forks", "false")).keeps(repository("svc-a", true, "PUBLIC")))
                .isFalse();
        assertThat(discovery.target()).isEqualTo("https://github.com/acme/*/blob/-/catalog-info.yaml");
    }

    @Test
    void githubConfigurationsThatCannotWorkStopTheStart() {
        assertThatThrownBy(() -> github(source("type", "github", "organization", "acme", "catalog-path", "/**/catalog-info.yaml",
                "validate-locations-exist", "true"))).hasMessageContaining("Source acme").hasMessageContaining("validateLocationsExist");
        assertThatThrownBy(() -> github(source("type", "github", "organization", "acme", "filters.repository", "(unclosed")))
                .hasMessageContaining("filters.repository");
        assertThatThrownBy(() -> github(source("type", "github", "organization", "acme", "catalog-path", "/../secrets.yaml")))
                .hasMessageContaining("catalogPath");
        assertThatThrownBy(() -> github(source("type", "github", "organization", "acme/../x"))).hasMessageContaining("organization");
        assertThat(source("type", "github").isComplete()).isFalse();
    }

    @Test
    void gitlabKeysAndItsGroupBesideMsgraphsGroupObject() {
        SourceProperties gitlab = source("type", "gitlab", "host", "gitlab.example.com", "group", "/platform/backend/");
        assertThat(gitlab.gitlabGroup()).isEqualTo("platform/backend");
        assertThat(gitlab.isGroupShaped()).isTrue();
        assertThat(source("type", "msgraph", "group", "platform").isGroupShaped()).isFalse();
        assertThat(source("type", "msgraph", "group.filter", "securityEnabled eq true").isGroupShaped()).isTrue();
        GitlabIntegration host = new GitlabIntegration("gitlab.example.com", "https://gitlab.example.com/api/v4", null, null);
        GitlabDiscovery discovery = new GitlabDiscovery("platform", gitlab, host, null, null, null);
        assertThat(discovery.target()).isEqualTo("https://gitlab.example.com/platform/backend/*/-/blob/-/catalog-info.yaml");
        assertThat(discovery.keeps(new GitlabDiscovery.Project("platform/backend/api", "main", false, false))).isTrue();
        assertThat(discovery.keeps(new GitlabDiscovery.Project("platform/backend-old/api", "main", false, false))).isFalse();
        assertThat(discovery.keeps(new GitlabDiscovery.Project("platform/backend/../api", "main", false, false))).isFalse();
    }

    @Test
    void aGitlabSourceOnGitlabComNeedsAGroup() {
        GitlabIntegration gitlabCom = new GitlabIntegration("gitlab.com", null, null, null);
        assertThatThrownBy(() -> new GitlabDiscovery("all", source("type", "gitlab", "host", "gitlab.com"), gitlabCom, null, null, null))
                .hasMessageContaining("Source all").hasMessageContaining("needs a group");
    }
}
