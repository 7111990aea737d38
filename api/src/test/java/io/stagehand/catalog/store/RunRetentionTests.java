package io.stagehand.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Old runs and their problems are deleted, by age and by count per source, but never a source's
 * newest run or newest successful run. The schedule here cleans every second by count only (the
 * age is ten years), and the context is closed afterwards so it cleans nothing of other tests.
 */
@TestPropertySource(properties = {
        "stagehand.retention.interval=PT1S",
        "stagehand.retention.max-runs-per-source=3",
        "stagehand.retention.max-age=P3650D"})
@DirtiesContext
class RunRetentionTests extends IntegrationTest {

    @Autowired
    RunRetention retention;

    private long run(String source, String status, String age) {
        return Long.parseLong(single("INSERT INTO runs (source, status, started_at, finished_at) VALUES ('" + source + "', '" + status
                + "', now() - interval '" + age + "', " + (status.equals("RUNNING") ? "NULL" : "now() - interval '" + age + "'")
                + ") RETURNING id"));
    }

    private void problem(Long runId, String message, String age) {
        db.sql("INSERT INTO problems (source, run_id, severity, location, message, created_at) VALUES ('s', :run, 'ERROR', 'file:x', :m,"
                        + " now() - CAST(:age AS interval))")
                .bind("run", runId == null ? io.r2dbc.spi.Parameters.in(Long.class) : runId)
                .bind("m", message).bind("age", age).then().block();
    }

    @Test
    void runsOlderThanTheAgeGoWithTheirProblemsButEachSourcesNewestAndLastSuccessfulRunStay() {
        long oldSuccess = run("old", "SUCCEEDED", "40 days");
        long oldFailure = run("old", "FAILED", "35 days");
        long newestOld = run("old", "FAILED", "31 days");
        long supersededSuccess = run("fresh", "SUCCEEDED", "40 days");
        long lastSuccess = run("fresh", "SUCCEEDED", "1 day");
        long running = run("fresh", "RUNNING", "2 hours");
        long abandoned = run("stuck", "RUNNING", "45 days");
        long stuckSuccess = run("stuck", "SUCCEEDED", "1 hour");
        problem(oldSuccess, "problem of the catalog still served", "40 days");
        problem(oldFailure, "failure of a run that goes", "35 days");
        problem(newestOld, "failure of the newest run", "31 days");
        problem(null, "old problem of no run", "40 days");
        problem(null, "recent problem of no run", "1 hour");

        RunRetention.Cleaned cleaned = retention.clean(1000, Duration.ofDays(30)).block(Duration.ofSeconds(30));

        assertThat(column("SELECT id FROM runs ORDER BY id")).containsExactly(
                String.valueOf(oldSuccess), String.valueOf(newestOld), String.valueOf(lastSuccess), String.valueOf(running),
                String.valueOf(stuckSuccess));
        assertThat(column("SELECT message FROM problems ORDER BY id")).containsExactly(
                "problem of the catalog still served", "failure of the newest run", "recent problem of no run");
        assertThat(cleaned).isEqualTo(new RunRetention.Cleaned(3, 2));
        assertThat(List.of(oldFailure, supersededSuccess, abandoned)).doesNotContainAnyElementsOf(
                column("SELECT id FROM runs").stream().map(Long::valueOf).toList());
    }

    @Test
    void theScheduleKeepsTheNewestRunsOfEachSourceUpToTheCount() {
        for (int i = 6; i >= 1; i--) {
            run("many", "SUCCEEDED", i + " minutes");
        }
        run("few", "FAILED", "1 minute");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!single("SELECT count(*) FROM runs WHERE source = 'many'").equals("3")) {
            assertThat(System.nanoTime()).as("waiting for the scheduled clean-up").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertThat(column("SELECT id FROM runs WHERE source = 'many' ORDER BY id")).containsExactly("4", "5", "6");
        assertThat(column("SELECT source FROM runs WHERE source = 'few'")).containsExactly("few");
    }
}
