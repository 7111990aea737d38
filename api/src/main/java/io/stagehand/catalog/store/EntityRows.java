package io.stagehand.catalog.store;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Json;
import io.stagehand.model.Relation;
import io.stagehand.postgres.BinaryCopy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The rows of entities and their relations as a run writes them, in batches of {@code stagehand.ingest.write-batch-size}. */
@Component
class EntityRows {

    /** Which source holds a stored entity, and its content's hash. */
    record Stored(String source, String hash) {
    }

    private final DatabaseClient db;
    private final int batchSize;

    EntityRows(DatabaseClient db, CatalogProperties properties) {
        this.db = db;
        this.batchSize = properties.ingest().writeBatchSize();
    }

    Mono<Map<String, Stored>> stored(List<IngestedEntity> entities) {
        return db.sql("SELECT entity_key, source, content_hash FROM entities WHERE entity_key = ANY(CAST(:keys AS text[]))")
                .bind("keys", column(entities, IngestedEntity::key))
                .map(row -> Map.entry(row.get("entity_key", String.class),
                        new Stored(row.get("source", String.class), row.get("content_hash", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    /** The keys of those entities that the store does not hold for {@code source} with the same content hash. */
    Mono<Set<String>> notStoredAsRead(String source, List<IngestedEntity> entities) {
        return db.sql("""
                        SELECT t.k FROM unnest(CAST(:keys AS text[]), CAST(:hashes AS text[])) AS t(k, h)
                        WHERE NOT EXISTS (SELECT 1 FROM entities e
                                          WHERE e.entity_key = t.k AND e.source = :source AND e.content_hash = t.h)""")
                .bind("keys", column(entities, IngestedEntity::key))
                .bind("hashes", column(entities, IngestedEntity::contentHash))
                .bind("source", source)
                .map(row -> row.get("k", String.class))
                .all()
                .collect(Collectors.toSet());
    }

    /**
     * Writes entities and their relations; the old relations of the entities in {@code replaced} go
     * first. An entity stored for another source is left alone, unless that source is one of {@code
     * adoptable} (no longer configured): then {@code source} takes it over.
     */
    Mono<Void> upsert(String source, List<IngestedEntity> entities, Set<String> replaced, Set<String> adoptable) {
        return Flux.fromIterable(chunks(entities)).concatMap(chunk -> db.sql("""
                        INSERT INTO entities (entity_key, ref, descriptor, source, location, line, content_hash, via, search_pairs, uid)
                        SELECT k, r, CAST(d AS jsonb), :source, l, n, h, string_to_array(v, chr(31)), stagehand_text_array(CAST(s AS jsonb)),
                               coalesce(u, gen_random_uuid()::text)
                        FROM unnest(CAST(:keys AS text[]), CAST(:refs AS text[]), CAST(:descriptors AS text[]),
                                    CAST(:locations AS text[]), CAST(:lines AS int[]), CAST(:hashes AS text[]),
                                    CAST(:via AS text[]), CAST(:search AS text[]), CAST(:uids AS text[])) AS t(k, r, d, l, n, h, v, s, u)
                        ON CONFLICT (entity_key) DO UPDATE SET
                            ref = excluded.ref, descriptor = excluded.descriptor, location = excluded.location,
                            line = excluded.line, content_hash = excluded.content_hash, via = excluded.via, updated_at = now(),
                            source = excluded.source, search_pairs = excluded.search_pairs,
                            uid = CASE WHEN :mirrored THEN excluded.uid ELSE entities.uid END
                        WHERE entities.source = excluded.source OR entities.source = ANY(CAST(:adoptable AS text[]))""")
                .bind("source", source)
                .bind("keys", column(chunk, IngestedEntity::key))
                .bind("refs", column(chunk, e -> e.ref().toString()))
                .bind("descriptors", column(chunk, IngestedEntity::descriptorJson))
                .bind("locations", column(chunk, IngestedEntity::location))
                .bind("lines", chunk.stream().map(IngestedEntity::line).toArray(Integer[]::new))
                .bind("hashes", column(chunk, IngestedEntity::contentHash))
                // one string per entity (arrays of arrays must be rectangular), split on the unit separator
                .bind("via", column(chunk, e -> String.join("\u001f", e.via())))
                // a JSON array per entity: its entries may hold any character, the unit separator too
                .bind("search", column(chunk, e -> Json.MAPPER.writeValueAsString(SearchPairs.of(e.descriptorJson()))))
                .bind("adoptable", adoptable.toArray(String[]::new))
                // a minted uid is kept across updates; a mirrored one follows its catalog (sources mirror all or none)
                .bind("uids", column(chunk, IngestedEntity::uid))
                .bind("mirrored", chunk.stream().anyMatch(e -> e.uid() != null))
                .then()
                .then(replaceRelations(chunk, replaced))).then();
    }

    private Mono<Void> replaceRelations(List<IngestedEntity> chunk, Set<String> replaced) {
        // Deduplicated here (an entity may emit the same relation twice), so the insert needs no ON CONFLICT:
        // the old rows are deleted first and every origin is in one chunk only. Speculative insertion made
        // ON CONFLICT DO NOTHING cost several times a plain insert.
        List<String[]> rows = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (IngestedEntity entity : chunk) {
            Set<List<String>> seen = new HashSet<>();
            // most relations start at their entity: its key and ref are formatted once
            String originKey = entity.key();
            String originRef = entity.ref().toString();
            for (Relation r : entity.relations()) {
                boolean fromOrigin = r.source().equals(entity.ref());
                String sourceKey = fromOrigin ? originKey : r.source().key();
                String targetKey = r.target().key();
                if (seen.add(List.of(sourceKey, r.type(), targetKey))) {
                    rows.add(new String[] {originKey, sourceKey, fromOrigin ? originRef : r.source().toString(), r.type(), targetKey,
                            r.target().toString()});
                }
            }
            if (replaced.contains(entity.key())) {
                origins.add(entity.key());
            }
        }
        Mono<Void> delete = origins.isEmpty() ? Mono.empty()
                : db.sql("DELETE FROM relations WHERE origin_key = ANY(CAST(:keys AS text[]))")
                        .bind("keys", origins.toArray(String[]::new))
                        .then();
        if (rows.isEmpty()) {
            return delete;
        }
        return delete.then(BinaryCopy.copy(db,
                "COPY relations (origin_key, source_key, source_ref, type, target_key, target_ref) FROM STDIN (FORMAT binary)", rows));
    }

    /** Deletes those of the source's entities with their relations; gives the refs of those it deleted. */
    Flux<String> delete(String source, List<String> keys) {
        return Flux.fromIterable(chunks(keys)).concatMap(chunk -> db.sql("""
                        WITH gone AS (
                            DELETE FROM entities WHERE entity_key = ANY(CAST(:keys AS text[])) AND source = :source
                            RETURNING entity_key, ref),
                        relations_gone AS (DELETE FROM relations WHERE origin_key IN (SELECT entity_key FROM gone))
                        SELECT ref FROM gone""")
                .bind("keys", chunk.toArray(String[]::new))
                .bind("source", source)
                .map(row -> row.get("ref", String.class))
                .all());
    }

    /** Deletes every entity of the source with its relations; gives the refs of those it deleted. */
    Flux<String> deleteAll(String source) {
        return db.sql("""
                        WITH gone AS (DELETE FROM entities WHERE source = :source RETURNING entity_key, ref),
                        relations_gone AS (DELETE FROM relations WHERE origin_key IN (SELECT entity_key FROM gone))
                        SELECT ref FROM gone""")
                .bind("source", source)
                .map(row -> row.get("ref", String.class))
                .all();
    }

    <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += batchSize) {
            chunks.add(items.subList(i, Math.min(items.size(), i + batchSize)));
        }
        return chunks;
    }

    static <T> String[] column(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
