package io.stagehand.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * What an anonymous caller and a token holder see of a source whose URL holds a token: health
 * details only with a token, and the token itself nowhere.
 */
@TestPropertySource(properties = {
        "stagehand.auth.anonymous=false",
        "stagehand.auth.tokens[0].name=ops",
        "stagehand.auth.tokens[0].token=" + SecretExposureTests.TOKEN,
        // a git source with a token in its URL, on a port where nothing listens: its run fails, naming the URL
        "stagehand.sources[0].name=leaky",
        "stagehand.sources[0].type=git",
        "stagehand.sources[0].url=http://ci-user:" + SecretExposureTests.GIT_SECRET + "@localhost:1/catalog.git",
})
class SecretExposureTests extends IntegrationTest {

    static final String TOKEN = "ops-token-0123456789abcdef";
    static final String GIT_SECRET = "ghp_secret0123456789";

    @Test
    void healthDetailsNeedATokenAndNeverShowCredentials() {
        assertThat(refresh("leaky").succeeded()).isFalse();
        String anonymous = http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(anonymous).contains("UP").doesNotContain("leaky").doesNotContain(GIT_SECRET).doesNotContain("components");
        String authorized = http.get().uri("/actuator/health").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(authorized).contains("leaky").contains("Could not").doesNotContain(GIT_SECRET).doesNotContain("ci-user");
    }

    @Test
    void sourcesRunsAndProblemsNeverShowCredentials() {
        assertThat(refresh("leaky").succeeded()).isFalse();
        String sources = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + TOKEN)
                .bodyValue(Map.of("query", "{ sources { target runs { message } } problems { location message } }")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(sources).contains("http://***@localhost:1/catalog.git").doesNotContain(GIT_SECRET).doesNotContain("ci-user");
        assertThat(column("SELECT message FROM runs UNION ALL SELECT location || message FROM problems"))
                .isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(GIT_SECRET).doesNotContain("ci-user"));
    }
}
