package io.stagehand.graphql;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Bounds of the GraphQL API ({@code stagehand.api.*}). */
@Validated
@ConfigurationProperties("stagehand.api")
public record ApiProperties(
        @Min(1) @Max(10000) @DefaultValue("500") int maxPageSize,
        @Min(1) @Max(100) @DefaultValue("15") int maxQueryDepth,
        @Min(10) @DefaultValue("250000") int maxQueryComplexity,
        @Min(1) @Max(50) @DefaultValue("10") int maxGraphDepth,
        @Min(1) @Max(1000000) @DefaultValue("5000") int maxGraphNodes,
        @Min(1) @Max(100) @DefaultValue("20") int maxPathDepth,
        @DefaultValue("PT30S") Duration requestTimeout,
        @Min(1) @DefaultValue("4") int maxConcurrentWalks,
        @Min(1) @DefaultValue("2") int maxWalksPerRequest,
        @Min(1024) @DefaultValue("262144") int maxRequestBytes,
        @Min(1024) @DefaultValue("16777216") long maxResponseBytes) {
}
