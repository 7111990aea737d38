package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.StagehandApplication;
import io.stagehand.TestDatabase;
import io.stagehand.catalog.store.AbandonedRuns;
import io.stagehand.model.ReadResult;
import io.stagehand.postgres.ConnectionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What a process that dies without stopping leaves behind, and how the next one cleans it up. */
@TestPropertySource(properties = "stagehand.api.max-walks-per-request=1")
class KilledProcessTests extends IntegrationTest {

    @Autowired
    private AbandonedRuns abandoned;

    @Autowired
    private CatalogSources sources;

    @TempDir
    Path dir;

    @Test
    void runsLeftRunningByADeadProcessAreAbortedButThoseOfLiveOnesAreNot() {
        db.sql("INSERT INTO runs (source, status, instance) VALUES ('dead', 'RUNNING', 'stagehand 0000-dead'), ('old', 'RUNNING', NULL),"
                + " ('live', 'RUNNING', '" + ConnectionSettings.APPLICATION_NAME + "')").then().block();
        assertThat(abandoned.abort().block()).isEqualTo(2);
        assertThat(column("SELECT source || ' ' || status || ' ' || (finished_at IS NOT NULL) FROM runs ORDER BY source"))
                .containsExactly("dead ABORTED true", "live RUNNING false", "old ABORTED true");
        sources.add(new CatalogSource("quick", CatalogSource.Type.FILE, "test", null, Duration.ofHours(1), skipUnchanged -> Flux.just(EMPTY)));
        assertThat(single("SELECT instance FROM runs WHERE id = " + refresh("quick").runId()))
                .as("a run records the process running it").isEqualTo(ConnectionSettings.APPLICATION_NAME);
    }

    private static final ReadResult EMPTY = new ReadResult(List.of(), List.of(), Set.of(), Set.of(), 1, null);

    @Test
    void aRunEndsWhenItsLastPartIsWrittenNotWhenItsTransactionBegan() {
        sources.add(new CatalogSource("slow", CatalogSource.Type.FILE, "test", null, Duration.ofHours(1),
                skipUnchanged -> Flux.concat(Mono.just(EMPTY), Mono.delay(Duration.ofMillis(1500)).thenReturn(EMPTY))));
        RunOutcome outcome = refresh("slow");
        assertThat(outcome.succeeded()).isTrue();
        double seconds = Double.parseDouble(single("SELECT extract(epoch FROM finished_at - started_at) FROM runs WHERE id = " + outcome.runId()));
        assertThat(seconds).isGreaterThanOrEqualTo(1.4);
    }

    @Test
    void aKilledServersDatabaseStopsAtOnceAndTheNextStartIsClean() throws Exception {
        Assumptions.assumeTrue(System.getenv(TestDatabase.ENV) == null, "only the embedded database can be left behind");
        Path data = dir.resolve("postgres");
        List<String> pid = killed(data, false);
        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(pid.get(0).trim())).orElseThrow();
        assertThat(postmaster.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join())
                .as("the killed server's PostgreSQL stopped without waiting for the next start").isNotNull();
        assertThat(data.resolve("postmaster.pid")).as("a fast shutdown leaves a clean folder").doesNotExist();

        assertThat(secondStart(data)).doesNotContain("that an earlier Stagehand left running on");
    }

    @Test
    void whenNothingStoppedItTheNextStartStopsTheOrphanedDatabaseAndAbortsItsRun() throws Exception {
        Assumptions.assumeTrue(System.getenv(TestDatabase.ENV) == null, "only the embedded database can be left behind");
        Path data = dir.resolve("postgres");
        // the reaper killed first, as when a whole process group is killed: the database outlives the server
        List<String> pid = killed(data, true);
        assertThat(ProcessHandle.of(Long.parseLong(pid.get(0).trim())).map(ProcessHandle::isAlive)).as("the orphaned PostgreSQL").hasValue(true);
        // a run the killed process was in the middle of
        try (var connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres", "postgres", "")) {
            connection.createStatement().execute("INSERT INTO runs (source, status, instance) VALUES ('demo', 'RUNNING', 'stagehand 0000-killed')");
        }

        String second = secondStart(data);
        assertThat(second).contains("that an earlier Stagehand left running on")
                .contains("1 run(s) left RUNNING by a Stagehand process that no longer exists were marked ABORTED");
        assertThat(ProcessHandle.of(Long.parseLong(pid.get(0).trim())).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    /** Starts a server on the folder and kills it (its reaper first, if asked); gives the lines of the postmaster's pid file. */
    private List<String> killed(Path data, boolean reaperToo) throws Exception {
        Path log = dir.resolve("first.log");
        Process first = start(log, "--stagehand.demo.enabled=false", "--stagehand.embedded.data-dir=" + data);
        List<String> pid;
        try {
            awaitLog(first, log, "Stagehand is up");
            pid = Files.readAllLines(data.resolve("postmaster.pid"));
            if (reaperToo) {
                List<ProcessHandle> reapers = first.toHandle().children()
                        .filter(child -> child.info().commandLine().orElse("").contains("stagehand-postmaster-reaper")).toList();
                assertThat(reapers).as("the server's reaper").hasSize(1);
                reapers.get(0).destroyForcibly();
                reapers.get(0).onExit().get(10, TimeUnit.SECONDS);
            }
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        return pid;
    }

    private String secondStart(Path data) throws Exception {
        Path secondLog = dir.resolve("second.log");
        Process second = start(secondLog, "--stagehand.ingest.once=true", "--stagehand.demo.enabled=false", "--stagehand.embedded.data-dir=" + data);
        assertThat(second.waitFor(3, TimeUnit.MINUTES)).as("the second start ended; its log: %s", tail(secondLog)).isTrue();
        assertThat(second.exitValue()).as("exit status; log: %s", tail(secondLog)).isZero();
        return Files.readString(secondLog);
    }

    private static Process start(Path log, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StagehandApplication.class.getName(), "--server.port=0",
                // the tests' own configuration on the class path would wipe the data folder at every start
                "--stagehand.embedded.clean=false"));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitLog(Process process, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && process.isAlive() && !(Files.exists(log) && Files.readString(log).contains(line))) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(log)).as("log: %s", tail(log)).contains(line);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
