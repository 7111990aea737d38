package io.stagehand.graphql;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /graphql?query=...&variables=...&operationName=...}, as GraphQL over HTTP describes:
 * queries only (a mutation must be POSTed), so a GET never changes anything and can be cached
 * or bookmarked. WebSocket upgrades on the same path are left to the WebSocket handler.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlGetRoute {

    /** Ordered before Spring GraphQL's own route, which answers every GET with 405. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> graphQlGet(WebGraphQlHandler handler, JsonMapper json) {
        return RouterFunctions.route()
                .GET("/graphql", request -> !request.headers().header("Upgrade").contains("websocket") && request.queryParam("query").isPresent(),
                        request -> handle(handler, json, request))
                .build();
    }

    private static Mono<ServerResponse> handle(WebGraphQlHandler handler, JsonMapper json, ServerRequest request) {
        String query = request.queryParam("query").orElseThrow();
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        request.queryParam("operationName").ifPresent(name -> body.put("operationName", name));
        try {
            request.queryParam("variables").ifPresent(v -> body.put("variables", json.readValue(v, new TypeReference<Map<String, Object>>() { })));
        } catch (JacksonException e) {
            return error(400, "The variables parameter is not a JSON object: " + e.getOriginalMessage());
        }
        if (isMutation(query, (String) body.get("operationName"))) {
            return error(405, "Mutations must be sent with POST");
        }
        WebGraphQlRequest graphQlRequest = new WebGraphQlRequest(request.uri(), request.headers().asHttpHeaders(), request.cookies(),
                request.remoteAddress().orElse(null), request.attributes(), body, request.exchange().getRequest().getId(),
                request.exchange().getLocaleContext().getLocale());
        return handler.handleRequest(graphQlRequest).flatMap(response -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.addAll(response.getResponseHeaders()))
                .bodyValue(response.toMap()));
    }

    private static boolean isMutation(String query, String operationName) {
        try {
            Document document = Parser.parse(query);
            return document.getDefinitionsOfType(OperationDefinition.class).stream()
                    .filter(op -> operationName == null || operationName.equals(op.getName()))
                    .anyMatch(op -> op.getOperation() != OperationDefinition.Operation.QUERY);
        } catch (RuntimeException e) {
            return false; // the handler reports the syntax error
        }
    }

    private static Mono<ServerResponse> error(int status, String message) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("errors", java.util.List.of(Map.of("message", message, "extensions", Map.of("classification", "BAD_REQUEST")))));
    }
}
