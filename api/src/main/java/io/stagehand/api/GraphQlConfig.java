package io.stagehand.api;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.observation.GraphQlObservationInstrumentation;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/** Bounds on every GraphQL request: depth, complexity and time. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class GraphQlConfig {

    /**
     * Requests are observed (timings per operation); single field fetches and DataLoader batches are
     * not: an observation per field costs more than the field itself on hot queries, and Spring
     * GraphQL's DataLoader observation fails (a ClassCastException per batch, caught and dropped)
     * on mapped batch loaders, which all of ours are.
     */
    @Bean
    GraphQlObservationInstrumentation requestObservations(ObservationRegistry registry) {
        return new GraphQlObservationInstrumentation(registry) {
            @Override
            public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
                    InstrumentationState state) {
                return input;
            }

            @Override
            public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
                    InstrumentationState state) {
                return fetcher;
            }
        };
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
