package io.stagehand.catalog.ingest;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.http.HttpResilience;
import io.stagehand.http.HttpSettings;
import io.stagehand.model.ContentHash;
import io.stagehand.model.Entity;
import io.stagehand.model.EntityRef;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.InvalidRefException;
import io.stagehand.model.Problem;
import io.stagehand.model.ReadResult;
import io.stagehand.model.Relation;
import io.stagehand.model.ValidatorFunctions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mirrors a running Backstage's catalog through {@code GET /api/catalog/entities/by-query}, page by
 * page with its cursors, keeping each entity's uid, etag, the relations Backstage computed (custom
 * types included) and its {@code status.items} as problems. A run succeeds only when every page
 * was read; anything less fails it, so nothing is deleted on a partial mirror.
 */
final class BackstageReader {

    static final String FIELDS = "apiVersion,kind,metadata,spec,relations,status";
    private static final int MAX_PAGES = 100_000;

    private final String source;
    private final String baseUrl;
    private final String filter;
    private final String tokenEnv;
    private final int pageSize;
    private final WebClient client;
    private final HttpResilience resilience;
    private final MeterRegistry meters;
    private final JsonMapper json;

    /** {@code webClient} is a builder of this reader's own (Boot's, so requests are observed); its base URL, timeouts and codecs are set here. */
    BackstageReader(String source, CatalogProperties.SourceProperties properties, HttpResilience resilience, MeterRegistry meters,
            WebClient.Builder webClient, JsonMapper json) {
        this.source = source;
        this.baseUrl = properties.url().replaceAll("/+$", "");
        this.filter = properties.filter();
        this.tokenEnv = properties.tokenEnv();
        HttpSettings http = properties.http();
        this.pageSize = http.pageSize();
        this.resilience = resilience;
        this.meters = meters;
        this.json = json;
        this.client = http.webClient(webClient.baseUrl(baseUrl), 256 * 1024 * 1024);
    }

    /** One page as Backstage returned it, and where it came from. */
    private record Page(int number, JsonNode items, String nextCursor) {
    }

    Mono<ReadResult> read() {
        return Mono.defer(() -> {
            String token;
            try {
                token = SourceTokens.fromEnvironment(source, tokenEnv);
            } catch (IOException e) {
                return Mono.error(e);
            }
            Mirror mirror = new Mirror();
            return page(token, null, 1)
                    .expand(page -> page.nextCursor() == null ? Mono.empty() : page(token, page.nextCursor(), page.number() + 1))
                    .doOnNext(mirror::add)
                    .then(Mono.fromCallable(mirror::result));
        });
    }

    private Mono<Page> page(String token, String cursor, int number) {
        if (number > MAX_PAGES) {
            return Mono.error(new BackstageException("Backstage at " + baseUrl + " returned more than " + MAX_PAGES + " pages; stopped"));
        }
        Mono<String> request = client.get()
                .uri(uri -> {
                    uri.path("/api/catalog/entities/by-query").queryParam("limit", pageSize).queryParam("fields", FIELDS);
                    if (cursor != null) {
                        uri.queryParam("cursor", cursor);
                    } else if (filter != null && !filter.isBlank()) {
                        uri.queryParam("filter", filter);
                    }
                    return uri.build();
                })
                .headers(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                })
                .retrieve()
                .bodyToMono(String.class)
                .doOnNext(body -> count("success"))
                .doOnError(error -> count(outcome(error)));
        return resilience.protect(request)
                .onErrorMap(this::explain)
                .map(body -> parse(body, number));
    }

    private Page parse(String body, int number) {
        JsonNode page;
        try {
            page = json.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedPageException("Page " + number + " from " + baseUrl + " is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode items = page.path("items");
        if (!items.isArray()) {
            throw new MalformedPageException("Page " + number + " from " + baseUrl + " has no \"items\" array; is this Backstage's catalog API?");
        }
        JsonNode next = page.path("pageInfo").path("nextCursor");
        return new Page(number, items, next.isString() && !next.stringValue().isBlank() ? next.stringValue() : null);
    }

    /** A page that cannot be understood: the mirror is incomplete, so the run fails. */
    static final class MalformedPageException extends RuntimeException {
        MalformedPageException(String message) {
            super(message);
        }
    }

    private Throwable explain(Throwable error) {
        if (error instanceof MalformedPageException) {
            return new BackstageException(error.getMessage());
        }
        if (error instanceof CallNotPermittedException) {
            return new BackstageException("The circuit breaker of source " + source + " is open after repeated failures of " + baseUrl
                    + "; the last complete mirror is kept and served", error);
        }
        if (error instanceof WebClientResponseException response) {
            int status = response.getStatusCode().value();
            if (status == 401 || status == 403) {
                return new BackstageException("Backstage at " + baseUrl + " refused source " + source + " (HTTP " + status + "): "
                        + (tokenEnv == null ? "it needs a token; set token-env" : "check the token in " + tokenEnv), error);
            }
            return new BackstageException("Backstage at " + baseUrl + " answered HTTP " + status + " for source " + source
                    + (HttpResilience.isPeerFailure(error) ? " (after retries)" : ""), error);
        }
        return new BackstageException("Could not reach Backstage at " + baseUrl + " for source " + source + ": "
                + (error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage()) + " (after retries)", error);
    }

    private void count(String outcome) {
        meters.counter("stagehand.backstage.requests", "source", source, "outcome", outcome).increment();
    }

    private static String outcome(Throwable error) {
        if (error instanceof WebClientResponseException response) {
            return "http-" + response.getStatusCode().value();
        }
        return error.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** Accumulates the entities of every page. */
    private final class Mirror {
        private final Map<String, IngestedEntity> entities = new LinkedHashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        private int pages;

        void add(Page page) {
            pages++;
            int index = 0;
            for (JsonNode item : page.items()) {
                read(item, page.number(), index++);
            }
        }

        private void read(JsonNode item, int page, int index) {
            String where = "url:" + baseUrl + "/api/catalog/entities/by-query (page " + page + ", item " + index + ")";
            JsonNode kind = item.path("kind");
            JsonNode metadata = item.path("metadata");
            JsonNode name = metadata.path("name");
            JsonNode namespace = metadata.path("namespace");
            if (!item.isObject() || !kind.isString() || !ValidatorFunctions.isValidKind(kind.stringValue())
                    || !name.isString() || !ValidatorFunctions.isValidObjectName(name.stringValue())
                    || !(namespace.isMissingNode() || namespace.isString() && ValidatorFunctions.isValidNamespace(namespace.stringValue()))) {
                problems.add(Problem.error(where, 0, null, "Backstage returned an entity without a valid kind, metadata.name or namespace; skipped"));
                return;
            }
            EntityRef ref = new EntityRef(kind.stringValue(), namespace.isString() ? namespace.stringValue() : EntityRef.DEFAULT_NAMESPACE,
                    name.stringValue());
            String location = "url:" + baseUrl + "/api/catalog/entities/by-name/" + ref.kind() + "/" + ref.namespace() + "/" + ref.name();
            ObjectNode descriptor = json.createObjectNode();
            descriptor.set("apiVersion", item.path("apiVersion").isString() ? item.get("apiVersion") : json.getNodeFactory().stringNode(""));
            descriptor.set("kind", kind);
            ObjectNode meta = ((ObjectNode) metadata).deepCopy();
            meta.put("namespace", ref.namespace());
            descriptor.set("metadata", meta);
            if (item.path("spec").isObject()) {
                descriptor.set("spec", item.get("spec"));
            }
            if (hasNul(descriptor)) {
                problems.add(Problem.error(location, 0, ref.toString(),
                        "Backstage returned " + ref + " with a NUL character (\\u0000) in a key or value, which cannot be stored; skipped"));
                return;
            }
            List<Relation> relations = new ArrayList<>();
            for (JsonNode relation : item.path("relations")) {
                JsonNode type = relation.path("type");
                JsonNode target = relation.path("targetRef");
                try {
                    if (!type.isString() || !target.isString()) {
                        throw new InvalidRefException("a relation needs a type and a targetRef");
                    }
                    relations.add(new Relation(ref, type.stringValue(), EntityRef.parse(target.stringValue())));
                } catch (InvalidRefException e) {
                    problems.add(Problem.warning(location, 0, ref.toString(), "Relation skipped: " + e.getMessage()));
                }
            }
            for (JsonNode status : item.path("status").path("items")) {
                String message = status.path("error").path("message").asString(status.path("message").asString("(no message)"));
                String level = status.path("level").asString("error");
                problems.add(new Problem("error".equals(level) ? Problem.Severity.ERROR : Problem.Severity.WARNING, location, 0,
                        ref.toString(), "Backstage reports " + status.path("type").asString("a problem") + ": " + message));
            }
            if (entities.containsKey(ref.key())) {
                problems.add(Problem.error(location, 0, ref.toString(), "Backstage returned " + ref + " twice; the first is kept"));
                return;
            }
            String etag = metadata.path("etag").asString(null);
            String hash = etag != null ? "etag:" + etag : "sha256:" + ContentHash.sha256(descriptor.toString() + relations);
            entities.put(ref.key(), IngestedEntity.of(new Entity(ref, descriptor), location, 0, hash, relations).withUid(uid(metadata, location)));
        }

        ReadResult result() {
            return new ReadResult(List.copyOf(entities.values()), problems, Set.of(), Set.of(), pages, null);
        }
    }

    /**
     * The uid Backstage gave the entity, which Stagehand keeps so that a client holding it finds the
     * same entity here; when Backstage sent none usable, one derived from where it was read, so that
     * it stays the same from run to run.
     */
    private static String uid(JsonNode metadata, String location) {
        JsonNode uid = metadata.path("uid");
        if (uid.isString() && !uid.stringValue().isEmpty() && uid.stringValue().length() <= IngestedEntity.MAX_UID_LENGTH) {
            return uid.stringValue();
        }
        return UUID.nameUUIDFromBytes(location.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Whether a key or string anywhere in the tree holds a NUL, which PostgreSQL refuses in text and JSON. */
    private static boolean hasNul(JsonNode node) {
        if (node.isString()) {
            return node.stringValue().indexOf('\0') >= 0;
        }
        for (var field : node.properties()) {
            if (field.getKey().indexOf('\0') >= 0 || hasNul(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
