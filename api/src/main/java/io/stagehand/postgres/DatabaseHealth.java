package io.stagehand.postgres;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.r2dbc.health.ConnectionFactoryHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The database's part of health and readiness ({@code r2dbc}, as Boot names it), answered within
 * {@link #TIMEOUT}: Boot's own check waits for a connection as long as the pool does, and a probe
 * that never answers (a database restarting, a connection that hangs in its handshake) is worse
 * than one that says DOWN and is asked again.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealth {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Named as Boot's, which it replaces. */
    @Bean
    ReactiveHealthIndicator r2dbcHealthIndicator(ConnectionFactory connectionFactory) {
        ConnectionFactoryHealthIndicator check = new ConnectionFactoryHealthIndicator(connectionFactory);
        return () -> check.health()
                .timeout(TIMEOUT)
                .onErrorResume(TimeoutException.class, e -> Mono.just(Health.down()
                        .withDetail("error", "No connection within " + TIMEOUT.toSeconds() + " s").build()));
    }
}
