package io.stagehand.catalog.store;

import io.stagehand.model.EntityFilter;
import java.util.List;
import org.springframework.modulith.NamedInterface;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Which entities the current request may see: every entity, or those matching a filter (the read
 * restriction, {@code stagehand.permissions.read}, as Backstage's conditional
 * {@code catalog.entity.read}). The API puts it into each request's Reactor context; the queries
 * here read it from there and apply it in SQL, so pages and counts only ever hold what the caller
 * may see. Work outside a request (ingestion, evaluation) sees everything.
 *
 * @param restriction the entities visible, or null for all
 */
@NamedInterface("store")
public record Visibility(EntityFilter restriction) {

    public static final Visibility ALL = new Visibility(null);

    private static final Class<Visibility> KEY = Visibility.class;

    public boolean restricted() {
        return restriction != null;
    }

    /** The context with this request's visibility, resolved once when a query first asks for it. */
    public static Context in(Context context, Mono<Visibility> visibility) {
        return context.put(KEY, visibility.cache());
    }

    /** The current request's visibility; everything outside a request. */
    public static Mono<Visibility> current() {
        return Mono.deferContextual(context -> context.<Mono<Visibility>>getOrEmpty(KEY).orElse(Mono.just(ALL)));
    }

    /** The filter and the restriction together: what a list or count of this caller may match. */
    public EntityFilter and(EntityFilter filter) {
        if (!restricted()) {
            return filter;
        }
        return filter == null ? restriction : EntityFilter.allOf(List.of(restriction, filter));
    }

    /**
     * A condition that the entity with the key {@code key} (an SQL expression) may be seen, true too
     * for a key of no entity: a relation to a ref not in the catalog reveals nothing.
     */
    String visibleKey(String key, FilterSql sql) {
        return restricted() ? "NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_key = " + key + " AND NOT " + condition(sql) + ")" : "TRUE";
    }

    /**
     * For queries outside this package: that the entity with the key {@code key} (an SQL expression)
     * exists and may be seen, its values bound through {@code sql}; {@code TRUE} when every entity may.
     */
    public String seen(String key, FilterSql sql) {
        return restricted() ? "EXISTS (SELECT 1 FROM entities e WHERE e.entity_key = " + key + " AND " + condition(sql) + ")" : "TRUE";
    }

    /** A condition over {@code entities e} that the visible entities meet ({@code TRUE} when unrestricted). */
    String condition(FilterSql sql) {
        return restricted() ? sql.where(restriction, "e") : "TRUE";
    }
}
