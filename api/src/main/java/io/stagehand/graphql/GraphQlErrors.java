package io.stagehand.graphql;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.execution.AbortExecutionException;
import graphql.schema.DataFetchingEnvironment;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.stagehand.model.InvalidFilterException;
import io.stagehand.model.InvalidRefException;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ControllerAdvice;

/** Maps domain exceptions to classified GraphQL errors, once for every controller. */
@ControllerAdvice
class GraphQlErrors {

    private static final Log log = LogFactory.getLog(GraphQlErrors.class);

    /** Not one of Spring's {@link ErrorType}s: the request was fine, the database was not there. */
    static final ErrorClassification SERVICE_UNAVAILABLE = ErrorClassification.errorClassification("SERVICE_UNAVAILABLE");

    /** Not one of Spring's {@link ErrorType}s: the request was fine, there is no room for its work now. */
    static final ErrorClassification RESOURCE_EXHAUSTED = ErrorClassification.errorClassification("RESOURCE_EXHAUSTED");

    private final io.stagehand.postgres.DatabaseAvailability database;

    GraphQlErrors(io.stagehand.postgres.DatabaseAvailability database) {
        this.database = database;
    }

    /** The database could not be reached: a classified answer, no stack trace (the state change is logged once). */
    @GraphQlExceptionHandler({DataAccessResourceFailureException.class, R2dbcNonTransientResourceException.class,
            R2dbcTransientResourceException.class})
    GraphQLError databaseUnavailable(Exception e, DataFetchingEnvironment env) {
        database.failed(e);
        return GraphQLError.newError()
                .errorType(SERVICE_UNAVAILABLE)
                .message("The database is unavailable; try again shortly")
                .path(env.getExecutionStepInfo().getPath())
                .location(env.getField().getSourceLocation())
                .build();
    }

    /** No room for the request's work now (a dry run past its queue): a classified answer, to try again later. */
    @GraphQlExceptionHandler
    GraphQLError exhausted(ResourceExhaustedException e, DataFetchingEnvironment env) {
        return GraphQLError.newError()
                .errorType(RESOURCE_EXHAUSTED)
                .message(e.getMessage())
                .path(env.getExecutionStepInfo().getPath())
                .location(env.getField().getSourceLocation())
                .build();
    }

    @GraphQlExceptionHandler({BadRequestException.class, InvalidRefException.class, InvalidFilterException.class})
    GraphQLError badRequest(RuntimeException e, DataFetchingEnvironment env) {
        return error(ErrorType.BAD_REQUEST, e.getMessage(), env);
    }

    @GraphQlExceptionHandler
    GraphQLError notFound(NoSuchElementException e, DataFetchingEnvironment env) {
        return error(ErrorType.NOT_FOUND, e.getMessage(), env);
    }

    /**
     * graphql-java stops the fields still running when the client goes away (or the request times
     * out); that is no server error, so it is answered quietly instead of logged with a stack trace.
     */
    @GraphQlExceptionHandler
    GraphQLError cancelled(AbortExecutionException e, DataFetchingEnvironment env) {
        return error(ErrorType.INTERNAL_ERROR, "The request was cancelled before this field was fetched", env);
    }

    /** A denial that names what was denied (the permission policy's, already in the audit log). */
    @GraphQlExceptionHandler
    GraphQLError forbidden(ForbiddenException e, DataFetchingEnvironment env) {
        return error(ErrorType.FORBIDDEN, e.getMessage(), env);
    }

    @GraphQlExceptionHandler
    GraphQLError accessDenied(AccessDeniedException e, DataFetchingEnvironment env) {
        return error(ErrorType.FORBIDDEN, "Access denied", env);
    }

    /** Arguments that could not be converted: named, without the converter's text (it names classes). */
    @GraphQlExceptionHandler
    GraphQLError unbindable(BindException e, DataFetchingEnvironment env) {
        String fields = e.getFieldErrors().stream().map(FieldError::getField).distinct().collect(Collectors.joining(", "));
        return error(ErrorType.BAD_REQUEST, "Invalid value for " + (fields.isEmpty() ? "an argument" : fields), env);
    }

    /**
     * Anything else: a fixed message and a reference that is also in the log line with the stack
     * trace, so no SQL, stack trace or class name reaches a caller.
     */
    @GraphQlExceptionHandler
    GraphQLError unexpected(Throwable e, DataFetchingEnvironment env) {
        String reference = env.getExecutionId() + String.valueOf(env.getExecutionStepInfo().getPath());
        log.error("Unexpected error in GraphQL request " + reference, e);
        return error(ErrorType.INTERNAL_ERROR, "Internal error; the server log has the details under request " + reference, env);
    }

    private static GraphQLError error(ErrorType type, String message, DataFetchingEnvironment env) {
        return GraphQLError.newError()
                .errorType(type)
                .message(message)
                .path(env.getExecutionStepInfo().getPath())
                .location(env.getField().getSourceLocation())
                .build();
    }
}
