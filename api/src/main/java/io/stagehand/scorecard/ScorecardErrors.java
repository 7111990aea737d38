package io.stagehand.scorecard;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.schema.DataFetchingEnvironment;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.web.bind.annotation.ControllerAdvice;

/** The scorecard module's own error classes, beside those of {@code io.stagehand.api.GraphQlErrors}. */
@ControllerAdvice
class ScorecardErrors {

    /** Not one of Spring's {@code ErrorType}s: the request was fine, there is no room for it now. */
    static final ErrorClassification RESOURCE_EXHAUSTED = ErrorClassification.errorClassification("RESOURCE_EXHAUSTED");

    @GraphQlExceptionHandler
    GraphQLError exhausted(CpuWork.ResourceExhaustedException e, DataFetchingEnvironment env) {
        return GraphQLError.newError()
                .errorType(RESOURCE_EXHAUSTED)
                .message(e.getMessage())
                .path(env.getExecutionStepInfo().getPath())
                .location(env.getField().getSourceLocation())
                .build();
    }
}
