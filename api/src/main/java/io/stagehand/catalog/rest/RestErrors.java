package io.stagehand.catalog.rest;

import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.InvalidFilterException;
import io.stagehand.model.InvalidRefException;
import io.stagehand.model.Json;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Errors of the REST catalog API in Backstage's shape ({@code {error: {name, message}, request,
 * response}}), so {@code ResponseError.fromResponse} in Backstage's clients reads them; never a
 * stack trace.
 */
@RestControllerAdvice(assignableTypes = CatalogRestController.class)
class RestErrors {

    private static final Log log = LogFactory.getLog(RestErrors.class);

    /** Nothing at the path asked for: Backstage's {@code NotFoundError}. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    @ExceptionHandler({BadRequestException.class, InvalidRefException.class, InvalidFilterException.class, JacksonException.class})
    ResponseEntity<String> badRequest(RuntimeException e, ServerHttpRequest request) {
        return answer(HttpStatus.BAD_REQUEST, "InputError", e.getMessage(), request);
    }

    @ExceptionHandler
    ResponseEntity<String> badInput(ServerWebInputException e, ServerHttpRequest request) {
        return answer(HttpStatus.BAD_REQUEST, "InputError", e.getReason(), request);
    }

    @ExceptionHandler
    ResponseEntity<String> notFound(NotFound e, ServerHttpRequest request) {
        return answer(HttpStatus.NOT_FOUND, "NotFoundError", e.getMessage(), request);
    }

    /** Anything else is logged here and answered without its details, which may name internals. */
    @ExceptionHandler
    ResponseEntity<String> failed(Exception e, ServerHttpRequest request) {
        log.warn("REST catalog request " + request.getPath() + " failed", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "Error", "The request could not be answered; the server's log has the cause", request);
    }

    static ResponseEntity<String> answer(HttpStatus status, String name, String message, ServerHttpRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("error").put("name", name).put("message", message);
        String query = request.getURI().getRawQuery();
        body.putObject("request").put("method", request.getMethod().name())
                .put("url", request.getPath().value() + (query == null ? "" : "?" + query));
        body.putObject("response").put("statusCode", status.value());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.MAPPER.writeValueAsString(body));
    }
}
