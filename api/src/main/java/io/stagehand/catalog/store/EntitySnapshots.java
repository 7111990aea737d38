package io.stagehand.catalog.store;

import io.stagehand.model.RelationTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.modulith.NamedInterface;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Whole entities for features that read the catalog in bulk (scorecard evaluation): descriptor,
 * where it came from, and its outgoing relations with the kind of each target (null when the
 * target is not in the catalog), a page at a time by key.
 */
@NamedInterface("store")
@Repository
public class EntitySnapshots {

    /** One entity as read for evaluation. */
    public record Snapshot(String key, String ref, String kind, String source, String location, String descriptorJson,
            List<Target> relations) {
    }

    /**
     * An outgoing relation: its type, the target's ref, and for {@code ownedBy} the owner's kind when
     * it is in the catalog (null otherwise: looking up every target was most of a page's read).
     */
    public record Target(String type, String ref, String kind) {
    }

    /**
     * Which outgoing relations a read folds in: all ({@link #ALL}), or only those of some types (none
     * for the empty set). A reader that knows what it needs skips the rest: reading every relation was
     * most of the database's time for a page of services (docs/benchmarks.md, "Scorecards, eighth round").
     */
    public record Relations(Set<String> types) {
        public static final Relations ALL = new Relations(null);

        public Relations {
            types = types == null ? null : Set.copyOf(types);
        }

        boolean all() {
            return types == null;
        }
    }

    // relations folded into one string per entity (unit and record separators): one row per entity, no JSON building
    private static String select(Relations relations) {
        String folded = relations.all() || !relations.types().isEmpty() ? """
                (SELECT string_agg(r.type || chr(31) || r.target_ref || chr(31) || coalesce(CASE WHEN r.type = '%s'
                            THEN (SELECT t.kind FROM entities t WHERE t.entity_key = r.target_key) END, ''), chr(30))
                 FROM relations r WHERE r.source_key = e.entity_key%s)""".formatted(RelationTypes.OWNED_BY,
                relations.all() ? "" : " AND r.type = ANY(CAST(:relationTypes AS text[]))") : "NULL";
        return "SELECT e.entity_key, e.ref, e.kind, e.source, e.location, CAST(e.descriptor AS text) AS descriptor, " + folded
                + " AS relations FROM entities e";
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, Relations relations) {
        return relations.all() || relations.types().isEmpty() ? spec : spec.bind("relationTypes", relations.types().toArray(String[]::new));
    }

    private final DatabaseClient db;

    public EntitySnapshots(DatabaseClient db) {
        this.db = db;
    }

    /** Up to {@code limit} entities after {@code afterKey} ("" for the first page), in key order, with all their relations. */
    public Mono<List<Snapshot>> page(String afterKey, int limit) {
        return db.sql(select(Relations.ALL) + " WHERE e.entity_key > :after COLLATE \"C\" ORDER BY e.entity_key LIMIT :limit")
                .bind("after", afterKey)
                .bind("limit", limit)
                .map(EntitySnapshots::snapshot)
                .all()
                .collectList();
    }

    /**
     * As {@link #page(String, int)}, with only these relations, and only the entities that also meet {@code condition} (SQL on the
     * entity row {@code e}), whose parameters {@code bind} binds.
     */
    public Mono<List<Snapshot>> page(String afterKey, int limit, Relations relations, String condition,
            java.util.function.UnaryOperator<DatabaseClient.GenericExecuteSpec> bind) {
        return bind(bind.apply(db.sql(select(relations) + " WHERE e.entity_key > :after COLLATE \"C\" AND (" + condition
                + ") ORDER BY e.entity_key LIMIT :limit")), relations)
                .bind("after", afterKey)
                .bind("limit", limit)
                .map(EntitySnapshots::snapshot)
                .all()
                .collectList();
    }

    /** The entities among these keys that exist, with all their relations. */
    public Mono<List<Snapshot>> byKeys(Collection<String> keys) {
        return byKeys(keys, Relations.ALL);
    }

    /** The entities among these keys that exist, with these relations. */
    public Mono<List<Snapshot>> byKeys(Collection<String> keys, Relations relations) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        return bind(db.sql(select(relations) + " WHERE e.entity_key = ANY(CAST(:keys AS text[]))"), relations)
                .bind("keys", keys.toArray(String[]::new))
                .map(EntitySnapshots::snapshot)
                .all()
                .collectList();
    }

    /** Key and location of every entity of a source. */
    public Mono<java.util.Map<String, String>> locations(String source) {
        return db.sql("SELECT entity_key, location FROM entities WHERE source = :source")
                .bind("source", source)
                .map(row -> java.util.Map.entry(row.get("entity_key", String.class), row.get("location", String.class)))
                .all()
                .collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue);
    }

    /** Keys of the entities whose owner (ownedBy) is one of these. */
    public Mono<List<String>> ownedBy(Collection<String> ownerKeys) {
        if (ownerKeys.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql("SELECT DISTINCT source_key FROM relations WHERE type = '" + RelationTypes.OWNED_BY + "' AND target_key = ANY(CAST(:keys AS text[]))")
                .bind("keys", ownerKeys.toArray(String[]::new))
                .map(row -> row.get("source_key", String.class))
                .all()
                .collectList();
    }

    private static Snapshot snapshot(io.r2dbc.spi.Readable row) {
        String folded = row.get("relations", String.class);
        List<Target> relations = new ArrayList<>();
        if (folded != null) {
            for (String relation : folded.split("\u001e")) {
                String[] parts = relation.split("\u001f", -1);
                relations.add(new Target(parts[0], parts[1], parts[2].isEmpty() ? null : parts[2]));
            }
        }
        return new Snapshot(row.get("entity_key", String.class), row.get("ref", String.class), row.get("kind", String.class),
                row.get("source", String.class), row.get("location", String.class), row.get("descriptor", String.class), relations);
    }
}
