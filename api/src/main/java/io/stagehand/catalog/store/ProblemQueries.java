package io.stagehand.catalog.store;

import static io.stagehand.catalog.store.Rows.intOf;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reads of recorded problems: per entity (batched), filtered, and counted per source. */
@Repository
public class ProblemQueries {

    private final DatabaseClient db;

    public ProblemQueries(DatabaseClient db) {
        this.db = db;
    }

    /** The first problems about each entity (at most {@code perEntity}), by entity key. */
    public Mono<Map<String, List<StoredProblem>>> problemsFor(Collection<String> keys, int perEntity) {
        return db.sql("""
                        SELECT * FROM (SELECT p.*, row_number() OVER (PARTITION BY lower(entity_ref) ORDER BY id) AS rn
                                       FROM problems p WHERE lower(entity_ref) = ANY(CAST(:keys AS text[]))) x
                        WHERE rn <= :n ORDER BY id""")
                .bind("keys", keys.toArray(String[]::new))
                .bind("n", perEntity)
                .map(row -> problem(row))
                .all()
                .collect(Collectors.groupingBy(p -> p.entityRef().toLowerCase(Locale.ROOT)));
    }

    /**
     * The latest problems matching the arguments; a request that may not see every entity sees only
     * the problems of entities it may see (not those of files or of entities that were refused).
     */
    public Flux<StoredProblem> problems(String source, String entityKey, String severity, String locationContains, int limit) {
        return Visibility.current().flatMapMany(visibility -> {
            FilterSql visible = new FilterSql();
            String ofVisible = visibility.restricted() ? " AND EXISTS (SELECT 1 FROM entities e WHERE lower(problems.entity_ref) = e.entity_key"
                    + " COLLATE \"default\" AND " + visibility.condition(visible) + ")" : "";
            return Rows.bindAll(db.sql("""
                        SELECT * FROM problems
                        WHERE (CAST(:source AS text) IS NULL OR source = :source)
                          AND (CAST(:entity AS text) IS NULL OR lower(entity_ref) = :entity)
                          AND (CAST(:severity AS text) IS NULL OR severity = :severity)
                          AND (CAST(:location AS text) IS NULL OR strpos(location, :location) > 0)""" + ofVisible + """

                        ORDER BY id DESC LIMIT :limit"""), visible.params())
                    .bind("source", Parameter.fromOrEmpty(source, String.class))
                    .bind("entity", Parameter.fromOrEmpty(entityKey, String.class))
                    .bind("severity", Parameter.fromOrEmpty(severity, String.class))
                    .bind("location", Parameter.fromOrEmpty(locationContains, String.class))
                    .bind("limit", limit)
                    .map(row -> problem(row))
                    .all();
        });
    }

    public Mono<Map<String, Long>> problemCountsBySource() {
        return Rows.countsBySource(db, "SELECT source, count(*) AS n FROM problems GROUP BY source");
    }

    private static StoredProblem problem(Readable row) {
        return new StoredProblem(row.get("id", Long.class), row.get("source", String.class), row.get("run_id", Long.class),
                row.get("severity", String.class), row.get("location", String.class), intOf(row, "line"),
                row.get("entity_ref", String.class), row.get("message", String.class), row.get("created_at", OffsetDateTime.class));
    }
}
