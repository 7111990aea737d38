package io.stagehand.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.test.StepVerifier;

class DatabaseHealthTests {

    /**
     * A database that takes the connection and never answers its handshake (one restarting, a hung
     * proxy) makes the check DOWN after the timeout, not a probe left hanging: the real driver
     * against a socket nobody reads.
     */
    @Test
    void aDatabaseThatNeverAnswersIsDownWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ConnectionFactory factory = ConnectionFactories.get("r2dbc:postgresql://stagehand@127.0.0.1:" + silent.getLocalPort() + "/postgres");
            ReactiveHealthIndicator indicator = new DatabaseHealth().r2dbcHealthIndicator(factory);

            // Boot's check alone is still waiting when this gives up
            StepVerifier.create(indicator.health())
                    .assertNext(health -> {
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health.getDetails()).containsEntry("error", "No connection within 5 s");
                    })
                    .expectComplete()
                    .verify(Duration.ofSeconds(30));
        }
    }
}
