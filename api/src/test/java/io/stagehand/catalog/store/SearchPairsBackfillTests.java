package io.stagehand.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The search entries V15 gives the entities stored before it, by its rules in SQL, are those the
 * writer gives them ({@link SearchPairs}): an upgraded catalog filters as a freshly written one.
 */
@TestPropertySource(properties = "stagehand.demo.enabled=true")
class SearchPairsBackfillTests extends IntegrationTest {

    static final Path MIGRATION = Path.of("src/main/resources/db/migration/V15__entity_search_pairs.sql");

    @Test
    void theUpgradeGivesStoredEntitiesTheEntriesTheWriterGives() throws IOException {
        assertThat(refresh("demo").succeeded()).isTrue();
        String migration = Files.readString(MIGRATION);
        // the migration's own function and update, run on a function of this session instead of pg_temp's
        String function = migration.substring(migration.indexOf("CREATE FUNCTION pg_temp.search_rows"), migration.indexOf("UPDATE entities"))
                .replace("pg_temp.search_rows", "backfill_rows");
        String assignment = "UPDATE entities SET search_pairs =";
        String entries = migration.substring(migration.indexOf(assignment) + assignment.length(), migration.indexOf("DROP FUNCTION"))
                .replace("pg_temp.search_rows", "backfill_rows").trim();
        entries = entries.substring(0, entries.length() - 1);
        db.sql(function).then().block();
        try {
            assertThat(Integer.parseInt(single("SELECT count(*) FROM entities WHERE cardinality(search_pairs) > 5"))).isGreaterThan(50)
                    .isEqualTo(Integer.parseInt(single("SELECT count(*) FROM entities")));
            assertThat(column("SELECT entity_key FROM entities WHERE " + entries + " IS DISTINCT FROM search_pairs")).isEmpty();
        } finally {
            db.sql("DROP FUNCTION backfill_rows(jsonb)").then().block();
        }
    }
}
