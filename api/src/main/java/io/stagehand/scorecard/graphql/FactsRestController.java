package io.stagehand.scorecard.graphql;

import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Callers;
import io.stagehand.auth.Permission;
import io.stagehand.auth.PermissionDeniedException;
import io.stagehand.auth.PermissionPolicy;
import io.stagehand.auth.Resource;
import io.stagehand.catalog.store.Visibility;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.Json;
import io.stagehand.scorecard.facts.PushedFacts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/facts/{source}}: many entities' facts for a push fact source in one call, for CI
 * pipelines. The body is {@code {"items": [{"entityRef", "facts", "observedAt"}]}}; the answer says
 * how many were stored and which were rejected, by position, with why. Authorized per source and
 * audited as {@code submitFacts} is (the audit records the source and the count, not every fact).
 */
@RestController
class FactsRestController {

    private static final Log log = LogFactory.getLog(FactsRestController.class);

    private final PushedFacts pushed;
    private final Authorizer authorizer;
    private final Callers callers;
    private final PermissionPolicy policy;

    FactsRestController(PushedFacts pushed, Authorizer authorizer, Callers callers) {
        this.pushed = pushed;
        this.authorizer = authorizer;
        this.callers = callers;
        this.policy = authorizer.policy();
    }

    @PostMapping(path = "/api/facts/{source}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<String>> submit(@PathVariable String source, @RequestBody String body) {
        Mono<ResponseEntity<String>> answer = Mono.defer(() -> {
            List<PushedFacts.Submission> items = items(body);
            return authorizer.guard("submitFacts", Map.of("source", source, "items", items.size()), Permission.SCORECARD_FACTS_SUBMIT,
                    Mono.fromCallable(() -> Resource.source(pushed.source(source).name())),
                    caller -> pushed.submit(pushed.source(source), items));
        }).map(outcome -> {
            ObjectNode json = Json.MAPPER.createObjectNode();
            json.put("accepted", outcome.accepted());
            var rejected = json.putArray("rejected");
            outcome.rejected().forEach(r -> rejected.addObject().put("index", r.index()).put("entityRef", r.ref()).put("reason", r.reason()));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.MAPPER.writeValueAsString(json));
        }).onErrorResume(BadRequestException.class, e -> Mono.just(error(HttpStatus.BAD_REQUEST, "InputError", e.getMessage())))
                .onErrorResume(PermissionDeniedException.class, e -> Mono.just(error(HttpStatus.FORBIDDEN, "NotAllowedError", e.getMessage())))
                .onErrorResume(e -> !(e instanceof BadRequestException || e instanceof PermissionDeniedException), e -> {
                    log.warn("Submitting facts to " + source + " failed", e);
                    return Mono.just(error(HttpStatus.INTERNAL_SERVER_ERROR, "Error", "The facts could not be stored; the server's log has the cause"));
                });
        // which entities exist is answered as the caller may see them, as the catalog's own reads do
        Mono<Visibility> visibility = callers.current().map(caller -> {
            var readable = policy.readable(caller);
            return readable == null ? Visibility.ALL : new Visibility(readable);
        });
        return answer.contextWrite(context -> Visibility.in(context, visibility));
    }

    /** The body's items; a {@link BadRequestException} for a body of another shape. */
    private static List<PushedFacts.Submission> items(String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException("The body is not JSON");
        }
        JsonNode items = root == null ? null : root.get("items");
        if (items == null || !items.isArray()) {
            throw new BadRequestException("The body must be {\"items\": [{\"entityRef\", \"facts\", \"observedAt\"}, ...]}");
        }
        if (items.size() > PushedFacts.MAX_ITEMS) {
            throw new BadRequestException("At most " + PushedFacts.MAX_ITEMS + " entities per call; split the submission");
        }
        List<PushedFacts.Submission> submissions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.path("entityRef").isString()) {
                throw new BadRequestException("items[" + i + "].entityRef must be an entity ref");
            }
            Instant observed = null;
            if (item.hasNonNull("observedAt")) {
                try {
                    observed = OffsetDateTime.parse(item.get("observedAt").asString()).toInstant();
                } catch (DateTimeParseException e) {
                    throw new BadRequestException("items[" + i + "].observedAt must be an ISO-8601 date-time with an offset");
                }
            }
            submissions.add(new PushedFacts.Submission(item.get("entityRef").stringValue(), item.get("facts"), observed));
        }
        return submissions;
    }

    private static ResponseEntity<String> error(HttpStatus status, String name, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("error").put("name", name).put("message", message);
        body.putObject("response").put("statusCode", status.value());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.MAPPER.writeValueAsString(body));
    }
}
