package io.stagehand.scorecard.evaluation;

import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.catalog.store.EntitySnapshots;
import io.stagehand.scorecard.definition.Definitions.AppliesTo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The entities a scorecard may apply to, read in pages by key: each scorecard's {@code appliesTo}
 * as SQL, so an evaluation of every entity does not read, parse and drop the two thirds of a
 * catalog that no scorecard applies to. The SQL is looser than {@link AppliesTo#matches} (a list
 * field, a number or a non-ASCII value always passes), never stricter: what it lets through is
 * matched again in Java.
 */
@Repository
public class Candidates {

    // as EntitySnapshots reads them: relations folded into one string per entity
    private final DatabaseClient db;
    private final EntitySnapshots snapshots;

    Candidates(DatabaseClient db, EntitySnapshots snapshots) {
        this.db = db;
        this.snapshots = snapshots;
    }

    /** SQL conditions on {@code e} and the values they bind. */
    static final class Sql {
        final Map<String, Object> values = new LinkedHashMap<>();

        String bind(Object value) {
            String name = "c" + values.size();
            values.put(name, value);
            return ":" + name;
        }

        DatabaseClient.GenericExecuteSpec apply(DatabaseClient.GenericExecuteSpec spec) {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                spec = spec.bind(e.getKey(), e.getValue());
            }
            return spec;
        }
    }

    /** A condition that holds for every entity {@code appliesTo} matches (and maybe a few more). */
    static String condition(AppliesTo appliesTo, Sql sql) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : appliesTo.filter().entrySet()) {
            List<String> accepted = entry.getValue().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
            if (!accepted.stream().allMatch(Candidates::ascii)) {
                continue; // Java and PostgreSQL may lower-case non-ASCII text differently
            }
            // the descriptor's path even where the table has the field as a column (kind, spec_type):
            // tried on the columns, the planner's low estimate made it sort a scan of every entity per page
            String node = "e.descriptor #> CAST(" + sql.bind(entry.getKey().split("\\.")) + " AS text[])";
            parts.add("(jsonb_typeof(" + node + ") IN ('array', 'number', 'boolean') OR lower(" + node + " #>> '{}') = ANY(CAST("
                    + sql.bind(accepted.toArray(String[]::new)) + " AS text[])) OR (" + node + " #>> '{}') !~ '^[[:ascii:]]*$')");
        }
        return parts.isEmpty() ? "true" : String.join(" AND ", parts);
    }

    /** A condition that holds for every entity one of these matches. */
    static String anyOf(Collection<AppliesTo> appliesTo, Sql sql) {
        if (appliesTo.isEmpty()) {
            return "false";
        }
        List<String> each = new ArrayList<>();
        for (AppliesTo a : appliesTo) {
            each.add("(" + condition(a, sql) + ")");
        }
        return String.join(" OR ", each);
    }

    private static boolean ascii(String text) {
        return StandardCharsets.US_ASCII.newEncoder().canEncode(text);
    }

    /**
     * Up to {@code limit} entities after {@code afterKey} ("" for the first) that one of {@code appliesTo}
     * may match, in key order, with these relations.
     */
    public Mono<List<Snapshot>> page(String afterKey, int limit, EntitySnapshots.Relations relations, Collection<AppliesTo> appliesTo) {
        Sql sql = new Sql();
        String where = anyOf(appliesTo, sql);
        return snapshots.page(afterKey, limit, relations, where, sql::apply);
    }

    /** Removes a scorecard's results of entities it cannot apply to (those it may apply to are evaluated). */
    Mono<Void> removeNotApplying(String scorecard, AppliesTo appliesTo) {
        Sql sql = new Sql();
        String condition = condition(appliesTo, sql);
        return sql.apply(db.sql("DELETE FROM scorecard_results sr USING entities e WHERE sr.scorecard = :scorecard"
                        + " AND e.entity_key = sr.entity_key AND NOT (" + condition + ")"))
                .bind("scorecard", scorecard)
                .then();
    }
}
