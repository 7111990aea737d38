package io.stagehand.catalog.store;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.model.Problem;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What a run deletes: the source's stored entities it no longer emits, never what failed to read,
 * and not at all when that is more than {@code stagehand.ingest.max-delete-ratio} of the source
 * unless the operator confirmed it.
 */
@Component
class Deletions {

    private static final Log log = LogFactory.getLog(Deletions.class);

    private final DatabaseClient db;
    private final double maxDeleteRatio;

    Deletions(DatabaseClient db, CatalogProperties properties) {
        this.db = db;
        this.maxDeleteRatio = properties.ingest().maxDeleteRatio();
    }

    /** The keys the run deletes (after its guard: none when it refused). */
    Mono<List<String>> toDelete(CatalogWriter.RunTarget target, RunState run) {
        return vanished(target.source(), run).map(vanished -> guard(target, run, vanished));
    }

    /** The keys of the source's entities that the run no longer emits, of the {@code stored} it held. */
    private record Vanished(List<String> keys, long stored) {
        static final Vanished NONE = new Vanished(List.of(), 0);
    }

    /**
     * The source's stored entities this run did not emit, but for those that failed to read. When
     * the source holds exactly as many entities as the run emitted for it (none vanished, the usual
     * case), a count says so without reading every row back.
     */
    private Mono<Vanished> vanished(String source, RunState run) {
        long emittedHere = run.emitted.size() - run.claimedElsewhere.size();
        return db.sql("SELECT count(*) AS n FROM entities WHERE source = :source")
                .bind("source", source)
                .map(row -> row.get("n", Long.class))
                .one()
                .flatMap(stored -> stored == emittedHere ? Mono.just(new Vanished(List.of(), stored))
                        : storedButNotEmitted(source, run).map(keys -> new Vanished(keys, stored)));
    }

    private record StoredPlace(String key, String location, List<String> via) {
    }

    private Mono<List<String>> storedButNotEmitted(String source, RunState run) {
        return db.sql("SELECT entity_key, location, via FROM entities WHERE source = :source")
                .bind("source", source)
                .map(row -> new StoredPlace(row.get("entity_key", String.class), row.get("location", String.class),
                        List.of(row.get("via", String[].class))))
                .all()
                // never what failed to read: a refused entity, or one whose file or any Location file on the way to it
                // could not be read, keeps its last version
                .filter(row -> !run.emitted.contains(row.key()) && !run.rejectedKeys.contains(row.key())
                        && !run.failedLocations.contains(row.location())
                        && row.via().stream().noneMatch(run.failedLocations::contains))
                .map(StoredPlace::key)
                .collectList();
    }

    /**
     * Lets a run delete more than {@code stagehand.ingest.max-delete-ratio} of its source's entities
     * only when the operator confirmed it and the run read every file cleanly: a folder emptied by
     * a failed checkout or a glob that no longer matches looks the same as a real mass deletion.
     * Otherwise nothing is deleted and an ERROR problem says why.
     */
    private List<String> guard(CatalogWriter.RunTarget target, RunState run, Vanished vanished) {
        int count = vanished.keys().size();
        if (count == 0 || count <= maxDeleteRatio * vanished.stored()) {
            return vanished.keys();
        }
        boolean clean = run.failedLocations.isEmpty();
        if (target.deletionsConfirmed() && clean) {
            log.warn("Source " + target.source() + ": deleting " + count + " of " + vanished.stored() + " entities, as confirmed");
            return vanished.keys();
        }
        String message = String.format(java.util.Locale.ROOT,
                "This run would delete %d of the %d entities of source \"%s\", more than stagehand.ingest.max-delete-ratio (%s) allows;"
                        + " nothing was deleted. ", count, vanished.stored(), target.source(), maxDeleteRatio)
                + (target.deletionsConfirmed()
                        ? "The deletion was confirmed, but this run could not read every file, so it was not carried out."
                        : "If those entities are really gone, confirm with the mutation refreshSource(name: \"" + target.source()
                                + "\", confirmDeletions: true), or raise the setting.");
        log.warn("Source " + target.source() + ": " + message);
        run.problems.add(Problem.error(target.location(), 0, null, message));
        return List.of();
    }
}
