package io.stagehand.api;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import io.micrometer.observation.ObservationPredicate;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/** Bounds on every GraphQL request: depth, complexity and time. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class GraphQlConfig {

    /**
     * Requests are observed (timings per operation); single field fetches are not: an observation
     * per field costs more than the field itself on hot queries.
     */
    @Bean
    ObservationPredicate noDataFetcherObservations() {
        return (name, context) -> !"graphql.datafetcher".equals(name) && !"graphql.dataloader".equals(name);
    }

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(ApiProperties limits) {
        return new MaxQueryDepthInstrumentation(limits.maxQueryDepth());
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(ApiProperties limits) {
        return new MaxQueryComplexityInstrumentation(limits.maxQueryComplexity());
    }

    /** Ends a request that runs longer than the configured timeout with a classified error. */
    @Bean
    WebGraphQlInterceptor requestTimeout(ApiProperties limits) {
        return (request, chain) -> chain.next(request)
                .timeout(limits.requestTimeout())
                .onErrorResume(TimeoutException.class, e -> {
                    GraphQLError error = GraphQLError.newError()
                            .errorType(ErrorType.INTERNAL_ERROR)
                            .message("The request took longer than " + limits.requestTimeout().toSeconds()
                                    + " s (stagehand.api.request-timeout) and was stopped")
                            .build();
                    ExecutionResult result = ExecutionResult.newExecutionResult().addError(error).build();
                    return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result)));
                });
    }
}
