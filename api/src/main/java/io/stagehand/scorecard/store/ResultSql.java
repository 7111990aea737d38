package io.stagehand.scorecard.store;

import io.stagehand.catalog.store.FilterSql;
import io.stagehand.catalog.store.Visibility;
import io.stagehand.model.EntityFilter;
import io.stagehand.scorecard.graphql.Views.ResultFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The SQL conditions of a {@link ResultFilter} on {@code scorecard_results sr}: which entities
 * through the catalog's one filter builder, the rest (level, failing checks, scores) here. Several
 * may share one builder, so a statement that unites them binds every value once.
 */
final class ResultSql {

    final List<String> parts = new ArrayList<>();
    final FilterSql sql;

    ResultSql(FilterSql sql) {
        this.sql = sql;
    }

    String bind(Object value) {
        return sql.bind(value);
    }

    /** {@code WHERE ...}, or nothing for no condition. */
    String where() {
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    DatabaseClient.GenericExecuteSpec apply(DatabaseClient.GenericExecuteSpec spec) {
        for (Map.Entry<String, Object> e : sql.params().entrySet()) {
            spec = spec.bind(e.getKey(), e.getValue());
        }
        return spec;
    }

    /** The filter's conditions and, for a request that may not see every entity, that it sees the result's. */
    static Mono<ResultSql> visible(ResultFilter f) {
        return Visibility.current().map(visibility -> of(f, new FilterSql("sr"), visibility));
    }

    static ResultSql of(ResultFilter f, FilterSql shared, Visibility visibility) {
        ResultSql w = of(f, shared);
        if (visibility.restricted()) {
            w.parts.add(visibility.seen("sr.entity_key", w.sql));
        }
        return w;
    }

    private static ResultSql of(ResultFilter f, FilterSql shared) {
        ResultSql w = new ResultSql(shared);
        if (f == null) {
            return w;
        }
        if (f.scorecard() != null) {
            w.parts.add("sr.scorecard = " + w.bind(f.scorecard()));
        }
        // which entities, as the catalog's filters say it (owners with their sub-groups unless told otherwise)
        EntityFilter entities = new EntityFilter(f.kind(), null, null, null, f.owner() == null ? null : List.of(f.owner()),
                f.owner() == null ? null : !Boolean.FALSE.equals(f.includeSubgroups()), f.system() == null ? null : List.of(f.system()),
                f.domain() == null ? null : List.of(f.domain()), null, null, null, null, null, null, null, null, null, null, null);
        String ofEntities = w.sql.where(entities, "sr");
        if (!ofEntities.equals("TRUE")) {
            w.parts.add(ofEntities);
        }
        if (f.level() != null && !f.level().isEmpty()) {
            boolean none = f.level().contains("NONE");
            String levels = "sr.level = ANY(CAST(" + w.bind(f.level().stream().filter(l -> !l.equals("NONE")).toArray(String[]::new))
                    + " AS text[]))";
            w.parts.add(none ? "(" + levels + " OR sr.level IS NULL)" : levels);
        }
        if (f.failingCheck() != null) {
            w.parts.add("sr.failing @> ARRAY[CAST(" + w.bind(f.failingCheck()) + " AS text)]");
        }
        if (f.failingWeight() != null) {
            // a literal (a weight's rank, never user text): with a bound value a generic plan cannot
            // tell that it implies the partial index's worst_failing > 0
            w.parts.add("sr.worst_failing >= " + f.failingWeight().rank());
        }
        if (f.minScore() != null) {
            w.parts.add("sr.score >= " + w.bind(f.minScore()));
        }
        if (f.maxScore() != null) {
            w.parts.add("sr.score <= " + w.bind(f.maxScore()));
        }
        return w;
    }
}
