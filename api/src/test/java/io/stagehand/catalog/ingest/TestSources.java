package io.stagehand.catalog.ingest;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.integrations.GithubCredentials;
import io.stagehand.integrations.IntegrationsProperties;
import io.stagehand.integrations.UrlReaders;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/** Sources built from configuration alone, without an application context. */
public final class TestSources {

    private TestSources() {
    }

    public static CatalogSources of(CatalogProperties properties, IntegrationsProperties integrations) {
        GithubCredentials credentials = new GithubCredentials(integrations);
        UrlReaders urls = new UrlReaders(integrations, credentials, CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
                RateLimiterRegistry.ofDefaults(), WebClient.builder());
        return new CatalogSources(properties, CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults(),
                new SimpleMeterRegistry(), WebClient.builder(), JsonMapper.builder().build(), integrations, credentials, urls, OrgTransformers.NONE);
    }

    public static CatalogSources of(CatalogProperties properties) {
        return of(properties, new IntegrationsProperties(null, null, null));
    }
}
