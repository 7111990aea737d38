package io.stagehand.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import io.micrometer.observation.ObservationRegistry;
import io.stagehand.postgres.ReadReplica;
import io.stagehand.postgres.ReadRouting;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/** Bounds on every GraphQL request: depth, complexity, time and the answer's size. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class GraphQlConfig {

    /** Request observations and the depth and complexity limits, as the only instrumentation (see {@link RequestInstrumentation}). */
    @Bean
    RequestInstrumentation requestInstrumentation(ObservationRegistry registry, ApiProperties limits) {
        return new RequestInstrumentation(registry, limits.maxQueryDepth(), limits.maxQueryComplexity());
    }

    /** Installs it without Spring's chain around it. */
    @Bean
    GraphQlSourceBuilderCustomizer singleInstrumentation(RequestInstrumentation instrumentation) {
        return builder -> builder.configureGraphQl(graphQl -> graphQl.instrumentation(instrumentation));
    }

    /** Refuses an answer over {@code stagehand.api.max-response-bytes} (see {@link ResponseSizeLimit}). */
    @Bean
    WebGraphQlInterceptor responseSizeLimit(ApiProperties limits) {
        return new ResponseSizeLimit(limits.maxResponseBytes());
    }

    /**
     * With a read replica, gives each request the choice of server its statements go to, which
     * {@link RequestInstrumentation} makes once the operation is known: a query reads from the replica.
     */
    @Bean
    WebGraphQlInterceptor readRouting(ReadReplica replica) {
        if (!replica.configured()) {
            return (request, chain) -> chain.next(request);
        }
        return (request, chain) -> {
            AtomicBoolean choice = ReadRouting.undecided();
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of(RequestInstrumentation.READ_ROUTING, choice)).build());
            return chain.next(request).contextWrite(context -> ReadRouting.choosing(context, choice));
        };
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
