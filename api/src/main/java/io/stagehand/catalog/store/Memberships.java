package io.stagehand.catalog.store;

import io.stagehand.auth.OwnershipResolver;
import io.stagehand.model.RelationTypes;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.modulith.NamedInterface;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Who belongs where: the groups of users and the parent groups of groups, and the owners of entities. */
@NamedInterface("store")
@Repository
public class Memberships implements OwnershipResolver {

    /** Deeper group trees than this are cut; a real hierarchy is a handful of levels. */
    static final int MAX_DEPTH = 20;

    private final DatabaseClient db;

    public Memberships(DatabaseClient db) {
        this.db = db;
    }

    /**
     * These entity keys with the groups they are members of and every parent group above those
     * (memberOf, then childOf, to {@value #MAX_DEPTH} levels; a cycle stops at the depth bound). The
     * keys take the C collation of the stored ones, or PostgreSQL refuses the recursion.
     */
    @Override
    public Mono<Set<String>> expand(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("""
                        WITH RECURSIVE up(key, depth) AS (
                            SELECT k COLLATE "C", 0 FROM unnest(CAST(:keys AS text[])) AS k
                            UNION
                            SELECT r.target_key, up.depth + 1 FROM up JOIN relations r ON r.source_key = up.key
                            WHERE r.type IN (:memberOf, :childOf) AND up.depth < :depth)
                        SELECT DISTINCT key FROM up""")
                .bind("keys", keys.toArray(String[]::new))
                .bind("memberOf", RelationTypes.MEMBER_OF)
                .bind("childOf", RelationTypes.CHILD_OF)
                .bind("depth", MAX_DEPTH)
                .map(row -> row.get("key", String.class))
                .all()
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The owner refs of an entity, or empty when there is no such entity. */
    public Mono<java.util.Optional<Set<String>>> ownersOf(String key) {
        return db.sql("""
                        SELECT e.entity_key, r.target_ref FROM entities e
                        LEFT JOIN relations r ON r.source_key = e.entity_key AND r.type = :ownedBy
                        WHERE e.entity_key = :key""")
                .bind("key", key)
                .bind("ownedBy", RelationTypes.OWNED_BY)
                .map(row -> java.util.Optional.ofNullable(row.get("target_ref", String.class)))
                .all()
                .collectList()
                .map(rows -> rows.isEmpty() ? java.util.Optional.<Set<String>>empty()
                        : java.util.Optional.of(rows.stream().flatMap(java.util.Optional::stream).collect(Collectors.toUnmodifiableSet())));
    }
}
