package io.stagehand.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTests {

    @Test
    void theDefaultsAreTheAnnotatedOnes() {
        HttpSettings defaults = HttpSettings.defaults();
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxAttempts()).isEqualTo(4);
        assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.requestsPerSecond()).isEqualTo(20);
    }
}
