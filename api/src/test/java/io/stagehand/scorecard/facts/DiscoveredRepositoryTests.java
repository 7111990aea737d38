package io.stagehand.scorecard.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.scorecard.ContentProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Git facts for entities found by github and gitlab discovery: the source-location annotation their files
 * get (Backstage's forms, {@code /tree/<branch>/} on GitHub, {@code /-/blob/<branch>/} on GitLab) names the
 * repository on the source's host, which git facts may read without the operator listing it again.
 */
class DiscoveredRepositoryTests {

    private static CatalogProperties stagehand(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("stagehand", CatalogProperties.class);
    }

    private final CatalogProperties properties = stagehand(Map.of(
            "stagehand.sources[0].type", "github", "stagehand.sources[0].organization", "acme", "stagehand.sources[0].host", "ghe.example.com:8443",
            "stagehand.sources[1].type", "gitlab", "stagehand.sources[1].host", "gitlab.example.com",
            "stagehand.sources[2].type", "github", "stagehand.sources[2].organization", "other"));
    private final RepositoryGuard guard = RepositoryGuard.of(new ContentProperties.Git(List.of(), List.of(), 1000, 10, 1000), properties, List.of());
    private final GitRepositories repositories = new GitRepositories(null, properties);

    @Test
    void aDiscoveredGithubRepositoryIsReadFromItsSourcesHost() {
        GitRepositories.Located located = repositories.named("url:https://ghe.example.com:8443/acme/svc-cart/tree/main/services/cart/", null);
        assertThat(located.remoteUrl()).isEqualTo("https://ghe.example.com:8443/acme/svc-cart");
        assertThat(located.folder()).isEqualTo("services/cart");
        assertThat(guard.refusal(located)).isNull();
        // github.com is the host of a github source that names none
        assertThat(guard.refusal(repositories.named("url:https://github.com/other/app/tree/main/", null))).isNull();
    }

    @Test
    void aDiscoveredGitlabProjectIsNamedWithoutGitlabsDashSegment() {
        GitRepositories.Located located = repositories.named("url:https://gitlab.example.com/platform/backend/api/-/blob/main/", null);
        assertThat(located.remoteUrl()).isEqualTo("https://gitlab.example.com/platform/backend/api");
        assertThat(located.folder()).isEmpty();
        assertThat(guard.refusal(located)).isNull();
    }

    @Test
    void anotherHostIsStillRefused() {
        assertThat(guard.refusal(repositories.named("url:https://internal.example.com/acme/app/tree/main/", null)))
                .contains("allowed-hosts");
        assertThat(guard.refusal(repositories.named(Path.of("/etc").toString(), null))).contains("allowed-roots");
    }
}
