package io.stagehand.catalog.rest;

import io.stagehand.catalog.store.Ancestry;
import io.stagehand.catalog.store.CatalogQueries;
import io.stagehand.catalog.store.EntityPage;
import io.stagehand.catalog.store.PageWindow;
import io.stagehand.catalog.store.RelationQueries;
import io.stagehand.catalog.store.StoredEntity;
import io.stagehand.catalog.store.StoredRelation;
import io.stagehand.graphql.ApiProperties;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.graphql.Cursors;
import io.stagehand.model.BackstageFilter;
import io.stagehand.model.EntityFilter;
import io.stagehand.model.EntityOrder;
import io.stagehand.model.DescriptorCheck;
import io.stagehand.model.EntityRef;
import io.stagehand.model.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's catalog read endpoints. Query parameters are read from the request as they came:
 * Spring's binding would split a single {@code filter=a=b,c=d} at its commas into alternatives.
 */
@RestController
@RequestMapping("/api/catalog")
class CatalogRestController {

    /** Backstage's page size of {@code by-query} when none is asked for. */
    static final int QUERY_DEFAULT_LIMIT = 20;
    static final int MAX_TEXT_CHARACTERS = 1000;
    /** The most refs {@code @backstage/catalog-client} sends in one by-refs request: fewer would break its callers. */
    static final int CLIENT_CHUNK = 1000;

    private final CatalogQueries queries;
    private final RelationQueries relations;
    private final int maxPageSize;

    CatalogRestController(CatalogQueries queries, RelationQueries relations, ApiProperties limits) {
        this.queries = queries;
        this.relations = relations;
        this.maxPageSize = limits.maxPageSize();
    }

    @GetMapping("/entities/by-name/{kind}/{namespace}/{name}")
    Mono<ResponseEntity<String>> byName(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name) {
        String key = new EntityRef(kind, namespace, name).key();
        return queries.entitiesByKeys(List.of(key))
                .flatMap(found -> found.containsKey(key) ? render(List.of(found.get(key)), null)
                        : Mono.error(new RestErrors.NotFound("No entity named '" + name + "' found, with kind '" + kind
                                + "' in namespace '" + namespace + "'")))
                .map(items -> json(items.get(0)));
    }

    /**
     * Backstage's ancestry: the entity, then the Location entities that led to it, nearest first,
     * each with the refs of its parents. Locations the caller may not see are left out, and so are
     * their refs.
     */
    @GetMapping("/entities/by-name/{kind}/{namespace}/{name}/ancestry")
    Mono<ResponseEntity<String>> ancestry(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name) {
        String key = new EntityRef(kind, namespace, name).key();
        return queries.entitiesByKeys(List.of(key))
                .filter(found -> found.containsKey(key))
                .switchIfEmpty(Mono.error(() -> new RestErrors.NotFound("No entity named '" + name + "' found, with kind '" + kind
                        + "' in namespace '" + namespace + "'")))
                .flatMap(found -> queries.ancestries(List.of(key)).flatMap(chains -> {
                    Ancestry chain = chains.get(key);
                    return queries.entitiesByKeys(chain.locationKeys()).flatMap(locations -> {
                        List<StoredEntity> entities = new ArrayList<>();
                        List<List<String>> parents = new ArrayList<>();
                        entities.add(found.get(key));
                        parents.add(visibleRefs(chain.parentsOfEntity(), locations));
                        for (int level = chain.levels().size() - 1; level >= 0; level--) {
                            for (String location : chain.levels().get(level)) {
                                if (locations.containsKey(location)) {
                                    entities.add(locations.get(location));
                                    parents.add(visibleRefs(chain.parentsOfLevel(level), locations));
                                }
                            }
                        }
                        return render(entities, null).map(rendered -> {
                            ObjectNode answer = Json.MAPPER.createObjectNode();
                            answer.put("rootEntityRef", found.get(key).ref());
                            ArrayNode items = answer.putArray("items");
                            for (int i = 0; i < rendered.size(); i++) {
                                ObjectNode item = items.addObject();
                                item.set("entity", rendered.get(i));
                                ArrayNode refs = item.putArray("parentEntityRefs");
                                parents.get(i).forEach(refs::add);
                            }
                            return json(answer);
                        });
                    });
                }));
    }

    private static List<String> visibleRefs(List<String> keys, Map<String, StoredEntity> visible) {
        return keys.stream().filter(visible::containsKey).map(k -> visible.get(k).ref()).toList();
    }

    /**
     * Backstage's validate-entity: 200 with no body when the entity is valid, else 400 with
     * {@code {errors: [{name, message}]}}, the problems ingestion would record; nothing is stored.
     * As Backstage's, it takes only {@code url:} locations.
     */
    @PostMapping("/validate-entity")
    Mono<ResponseEntity<String>> validateEntity(@RequestBody(required = false) String body) {
        JsonNode parsed;
        try {
            parsed = body == null ? null : Json.MAPPER.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            return Mono.just(invalid(List.of("Malformed request body, expected {entity: object, location: string}")));
        }
        if (parsed == null || !parsed.isObject() || !parsed.path("location").isString() || !parsed.has("entity")) {
            return Mono.just(invalid(List.of("Malformed request body, expected {entity: object, location: string}")));
        }
        String location = parsed.get("location").stringValue();
        if (!location.startsWith("url:") || location.length() == "url:".length()) {
            return Mono.just(invalid(List.of("Invalid location ref " + location + ", only 'url:<target>' is supported, e.g. url:https://host/path")));
        }
        JsonNode entity = parsed.get("entity");
        // CPU work on a request's own descriptor: off the event loop
        return Mono.fromCallable(() -> DescriptorCheck.problems(entity))
                .subscribeOn(Schedulers.boundedElastic())
                .map(problems -> problems.isEmpty() ? ResponseEntity.ok().<String>build() : invalid(problems));
    }

    private static ResponseEntity<String> invalid(List<String> problems) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode errors = answer.putArray("errors");
        problems.forEach(problem -> errors.addObject().put("name", "InputError").put("message", problem));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Json.MAPPER.writeValueAsString(answer));
    }

    @GetMapping("/entities/by-uid/{uid}")
    Mono<ResponseEntity<String>> byUid(@PathVariable String uid) {
        return queries.entityByUid(uid)
                .switchIfEmpty(Mono.error(() -> new RestErrors.NotFound("No entity with uid " + uid)))
                .flatMap(entity -> render(List.of(entity), null))
                .map(items -> json(items.get(0)));
    }

    @PostMapping("/entities/by-refs")
    Mono<ResponseEntity<String>> byRefs(@RequestBody(required = false) String body, ServerHttpRequest request) {
        MultiValueMap<String, String> query = request.getQueryParams();
        if (BackstageFilter.parse(query.get("filter")) != null) {
            throw new BadRequestException("Invalid filter, Stagehand does not filter by-refs requests yet; leave filter out");
        }
        JsonNode parsed = body == null ? null : Json.MAPPER.readTree(body);
        JsonNode refs = parsed == null ? null : parsed.get("entityRefs");
        if (refs == null || !refs.isArray() || !allStrings(refs) || (parsed.has("fields") && !allStrings(parsed.get("fields")))) {
            throw new BadRequestException("Invalid request body, expected {entityRefs: string[], fields?: string[]}");
        }
        int maxRefs = Math.max(maxPageSize, CLIENT_CHUNK);
        if (refs.size() > maxRefs) {
            throw new BadRequestException("Invalid entityRefs, at most " + maxRefs + " per request, got " + refs.size());
        }
        List<String> fieldParameters = new ArrayList<>(query.getOrDefault("fields", List.of()));
        parsed.path("fields").forEach(f -> fieldParameters.add(f.asString()));
        List<String> fields = EntityJson.fields(fieldParameters.isEmpty() ? null : fieldParameters);
        List<String> keys = new ArrayList<>();
        refs.forEach(ref -> keys.add(EntityRef.parse(ref.asString()).key()));
        return queries.entitiesByKeys(keys).flatMap(found -> {
            List<StoredEntity> present = keys.stream().distinct().filter(found::containsKey).map(found::get).toList();
            return render(present, fields).map(rendered -> {
                Map<String, ObjectNode> byKey = new HashMap<>();
                for (int i = 0; i < present.size(); i++) {
                    byKey.put(present.get(i).key(), rendered.get(i));
                }
                ObjectNode answer = Json.MAPPER.createObjectNode();
                ArrayNode items = answer.putArray("items");
                keys.forEach(k -> {
                    if (byKey.containsKey(k)) {
                        items.add(byKey.get(k));
                    } else {
                        items.addNull();
                    }
                });
                return json(answer);
            });
        });
    }

    @GetMapping("/entities")
    Mono<ResponseEntity<String>> entities(ServerHttpRequest request) {
        MultiValueMap<String, String> query = request.getQueryParams();
        EntityFilter filter = BackstageFilter.parse(query.get("filter"));
        List<String> fields = EntityJson.fields(query.get("fields"));
        List<EntityOrder> order = RestParameters.orders(query.get("order"));
        int limit = RestParameters.limit(query.getFirst("limit"), maxPageSize, maxPageSize);
        Integer offset = RestParameters.integer(query.getFirst("offset"), "offset");
        if (offset != null && offset < 0) {
            throw new BadRequestException("Invalid offset, must be zero or greater");
        }
        String after = query.getFirst("after");
        if (after != null && after.isEmpty()) {
            throw new BadRequestException("Invalid after, must not be empty");
        }
        List<String> cursor = Cursors.decode(after, order.size() + 1);
        return queries.search(filter, order, new PageWindow(cursor, null, offset == null ? 0 : offset, limit, false, false), true).flatMap(page -> render(rows(page), fields)
                .map(items -> {
                    ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
                    if (page.hasNext()) {
                        // Backstage's way to the next page: a link with the cursor of this page's last row
                        String next = Cursors.encode(page.rows().get(page.rows().size() - 1).sortValues());
                        String link = UriComponentsBuilder.fromUri(request.getURI()).replaceQueryParam("offset")
                                .replaceQueryParam("after", next).build(true).toUri().getRawQuery();
                        answer.header(HttpHeaders.LINK, "<" + request.getPath().value() + "?" + link + ">; rel=\"next\"");
                    }
                    ArrayNode array = Json.MAPPER.createArrayNode();
                    items.forEach(array::add);
                    return answer.contentType(MediaType.APPLICATION_JSON).body(Json.MAPPER.writeValueAsString(array));
                }));
    }

    @GetMapping("/entities/by-query")
    Mono<ResponseEntity<String>> byQuery(ServerHttpRequest request) {
        MultiValueMap<String, String> query = request.getQueryParams();
        List<String> fields = EntityJson.fields(query.get("fields"));
        int limit = RestParameters.limit(query.getFirst("limit"), QUERY_DEFAULT_LIMIT, maxPageSize);
        String cursorText = query.getFirst("cursor");
        if (query.containsKey("fullTextFilterFields")) {
            throw new BadRequestException("Invalid fullTextFilterFields, Stagehand searches its own text fields and cannot choose them yet");
        }
        QueryCursor at = cursorText != null && !cursorText.isEmpty() ? QueryCursor.decode(cursorText)
                : new QueryCursor(query.getOrDefault("filter", List.of()), query.getOrDefault("orderField", List.of()),
                        query.getFirst("fullTextFilterTerm"), null, true, null, 0);
        EntityFilter filter = withText(BackstageFilter.parse(at.filter()), at.text());
        List<EntityOrder> order = new ArrayList<>(RestParameters.orderFields(at.orderField()));
        if (order.isEmpty()) {
            order.add(new EntityOrder(EntityOrder.Field.REF, EntityOrder.Direction.ASC));
        }
        if (!at.initial() && (at.values().size() != order.size() + 1 || at.first().size() != order.size() + 1)) {
            throw new BadRequestException("Invalid cursor, pass a nextCursor or prevCursor of a previous by-query answer");
        }
        Integer offset = at.initial() ? RestParameters.integer(query.getFirst("offset"), "offset") : null;
        if (offset != null && offset < 0) {
            throw new BadRequestException("Invalid offset, must be zero or greater");
        }
        // Backstage's cursors: forward after the last row, backward before the first, both by keyset
        PageWindow window = at.forward() ? new PageWindow(at.values(), null, offset == null ? 0 : offset, limit, false, false)
                : new PageWindow(null, at.values(), 0, limit, true, false);
        // the first request counts; a cursor carries that total along, as Backstage's does
        Mono<Long> total = at.initial() ? queries.count(filter) : Mono.just(at.totalItems());
        return Mono.zip(queries.search(filter, order, window, true), total).flatMap(pair -> {
            EntityPage page = pair.getT1();
            long totalItems = pair.getT2();
            List<EntityPage.Row> rows = page.rows();
            List<String> first = at.initial() ? (rows.isEmpty() ? null : rows.get(0).sortValues()) : at.first();
            // backward, the row the cursor came from follows; forward, more rows or none
            boolean next = !rows.isEmpty() && (!at.forward() || page.hasNext());
            // paging back ends at the first page's first row, as Backstage's prevCursor does
            boolean previous = !at.initial() && !rows.isEmpty() && !rows.get(0).sortValues().equals(first);
            return render(rows.stream().map(EntityPage.Row::entity).toList(), fields).map(items -> {
                ObjectNode answer = Json.MAPPER.createObjectNode();
                ArrayNode array = answer.putArray("items");
                items.forEach(array::add);
                answer.put("totalItems", totalItems);
                ObjectNode pageInfo = answer.putObject("pageInfo");
                if (next) {
                    pageInfo.put("nextCursor", at.from(rows.get(rows.size() - 1).sortValues(), true, first, totalItems).encode());
                }
                if (previous) {
                    pageInfo.put("prevCursor", at.from(rows.get(0).sortValues(), false, first, totalItems).encode());
                }
                return json(answer);
            });
        });
    }

    @GetMapping("/entity-facets")
    Mono<ResponseEntity<String>> facets(ServerHttpRequest request) {
        MultiValueMap<String, String> query = request.getQueryParams();
        List<String> facets = query.getOrDefault("facet", List.of()).stream().filter(f -> !f.isEmpty()).distinct().toList();
        if (facets.isEmpty()) {
            throw new BadRequestException("Missing facet parameter");
        }
        EntityFilter filter = BackstageFilter.parse(query.get("filter"));
        return Flux.fromIterable(facets)
                .concatMap(f -> RestParameters.facet(f, filter, queries).collectList().map(values -> Map.entry(f, values)))
                .collectList()
                .map(counted -> {
                    ObjectNode answer = Json.MAPPER.createObjectNode();
                    ObjectNode all = answer.putObject("facets");
                    counted.forEach(facet -> {
                        ArrayNode values = all.putArray(facet.getKey());
                        facet.getValue().forEach(v -> values.addObject().put("value", v.getKey()).put("count", v.getValue()));
                    });
                    return json(answer);
                });
    }

    /** The entities as Backstage serves them, in the same order; their relations are read only when the fields keep them. */
    private Mono<List<ObjectNode>> render(List<StoredEntity> entities, List<String> fields) {
        boolean withRelations = fields == null || fields.stream().anyMatch(f -> f.startsWith("relations"));
        Mono<Map<String, List<StoredRelation>>> byKey = withRelations && !entities.isEmpty()
                ? relations.relationsFrom(entities.stream().map(StoredEntity::key).toList(), null) : Mono.just(Map.of());
        return Mono.zip(byKey, queries.orphanedSources()).map(found -> entities.stream()
                .map(e -> EntityJson.of(e, found.getT1().getOrDefault(e.key(), List.of()), found.getT2().contains(e.source()), fields))
                .toList());
    }

    private static List<StoredEntity> rows(EntityPage page) {
        return page.rows().stream().map(EntityPage.Row::entity).toList();
    }

    private static EntityFilter withText(EntityFilter filter, String text) {
        if (text == null || text.isBlank()) {
            return filter;
        }
        if (text.length() > MAX_TEXT_CHARACTERS) {
            throw new BadRequestException("Invalid fullTextFilterTerm, at most " + MAX_TEXT_CHARACTERS + " characters");
        }
        EntityFilter term = new EntityFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, text, null, null,
                null, null, null);
        return filter == null ? term : EntityFilter.allOf(List.of(filter, term));
    }

    private static boolean allStrings(JsonNode array) {
        if (!array.isArray()) {
            return false;
        }
        for (JsonNode item : array) {
            if (!item.isString()) {
                return false;
            }
        }
        return true;
    }

    private static ResponseEntity<String> json(JsonNode body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.MAPPER.writeValueAsString(body));
    }
}
