package io.stagehand.scorecard;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.stagehand.http.OutboundGuard;
import io.stagehand.scorecard.facts.HttpFacts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/** The HTTP fact collector, with the settings of {@code stagehand.scorecards.http}. */
@Configuration(proxyBeanMethods = false)
public class ScorecardConfig {

    static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    @Bean
    HttpFacts httpFacts(ObjectProvider<WebClient.Builder> builders, ScorecardProperties properties, ContentProperties content,
            ObjectProvider<Allowance> allowances, Environment environment, CircuitBreakerRegistry breakers, RetryRegistry retries,
            RateLimiterRegistry limiters) {
        List<Allowance> more = allowances.orderedStream().toList();
        OutboundGuard guard = new OutboundGuard(() -> {
            List<String> hosts = new ArrayList<>(content.http().allowedHosts());
            more.forEach(a -> hosts.addAll(a.httpHosts().get()));
            return hosts;
        });
        // ${NAME} in a fact source: Stagehand's settings first, which include the environment's variables
        return new HttpFacts(builders.getIfAvailable(WebClient::builder), properties.http(), environment::getProperty, breakers, retries,
                limiters, MAX_RESPONSE_BYTES, Clock.systemUTC(), guard, content.http().deadline());
    }

    /**
     * Hosts and folders a part of Stagehand allows its own fact sources beside the operator's lists:
     * the demo's, for the CI endpoint and repository it serves itself, only while the demo is on.
     */
    public record Allowance(Supplier<List<String>> httpHosts, List<Path> gitRoots) {
    }
}
