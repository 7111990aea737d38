package io.stagehand.http;

import io.netty.channel.ChannelOption;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * How a source talks HTTP (the {@code backstage} type): timeouts, retries with exponential
 * backoff and jitter, a circuit breaker and a rate limiter.
 */
public record HttpSettings(
        @NotNull @DefaultValue("PT5S") Duration connectTimeout,
        @NotNull @DefaultValue("PT30S") Duration readTimeout,
        @Min(1) @Max(10000) @DefaultValue("500") int pageSize,
        @Min(1) @Max(20) @DefaultValue("4") int maxAttempts,
        @NotNull @DefaultValue("PT0.5S") Duration initialBackoff,
        @NotNull @DefaultValue("PT30S") Duration maxBackoff,
        @NotNull @DefaultValue("PT2M") Duration maxRetryAfter,
        @Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
        @Min(1) @DefaultValue("5") int minimumCalls,
        @NotNull @DefaultValue("PT1M") Duration openDuration,
        @Min(1) @DefaultValue("20") int requestsPerSecond) {

    /** The defaults: what binding an empty block gives, so they are written once, in the annotations above. */
    public static HttpSettings defaults() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("http", HttpSettings.class);
    }

    /** A Reactor Netty client with these timeouts, for a peer's WebClient (more options may be added to it). */
    public HttpClient client() {
        return HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .responseTimeout(readTimeout);
    }

    /** A WebClient from {@code builder} with these timeouts, buffering at most {@code maxBytes} of one answer. */
    public WebClient webClient(WebClient.Builder builder, int maxBytes) {
        return builder.clientConnector(new ReactorClientHttpConnector(client()))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxBytes))
                .build();
    }
}
