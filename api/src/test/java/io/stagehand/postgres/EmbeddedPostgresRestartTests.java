package io.stagehand.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The embedded database killed under a running Stagehand is started again on its folder and port; one that was stopped is not. */
class EmbeddedPostgresRestartTests {

    static final Path DATA = Path.of("target/it/restart-postgres").toAbsolutePath();

    @AfterEach
    void stop() throws Exception {
        EmbeddedPostgresEnvironment.stop(DATA);
    }

    private int start() {
        int port = startWithoutWaiting("true");
        EmbeddedPostgresEnvironment.awaitStarted();
        return port;
    }

    /** Points the environment at the embedded server, which goes on starting on another thread. */
    private static int startWithoutWaiting(String clean) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "stagehand.embedded.data-dir", DATA.toString(), "stagehand.embedded.clean", clean, "stagehand.embedded.fsync", "false")));
        new EmbeddedPostgresEnvironment(destination -> destination.get()).postProcessEnvironment(env, new SpringApplication());
        return Integer.parseInt(env.getProperty("spring.r2dbc.url").replaceAll(".*:(\\d+)/.*", "$1"));
    }

    private static void execute(int port, String sql) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "")) {
            connection.createStatement().execute(sql);
        }
    }

    @Test
    void aStartOnTheFolderOfTheLastOneKeepsItsDataAndAnswersOnceAwaited() throws Exception {
        Assumptions.assumeTrue(System.getenv(TestDatabase.ENV) == null);
        int first = start();
        execute(first, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
        EmbeddedPostgresEnvironment.stop(DATA);

        // an initialised folder: no initdb, the table is still there
        int second = startWithoutWaiting("false");
        EmbeddedPostgresEnvironment.awaitStarted();
        try (var connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + second + "/postgres", "postgres", "")) {
            var rows = connection.createStatement().executeQuery("SELECT id FROM kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(7);
        }
        assertThat(Files.readString(DATA.resolve("stagehand.owner"))).startsWith(ProcessHandle.current().pid() + " ");
    }

    @Test
    void aStartThatFailsOnItsThreadFailsTheWaitWithItsFolder() throws Exception {
        Assumptions.assumeTrue(System.getenv(TestDatabase.ENV) == null);
        start();
        EmbeddedPostgresEnvironment.stop(DATA);
        // a folder PostgreSQL refuses: its configuration is garbage, so the server cannot start
        Files.writeString(DATA.resolve("postgresql.conf"), "this is = not a setting ' \n");
        startWithoutWaiting("false");
        assertThatThrownBy(EmbeddedPostgresEnvironment::awaitStarted)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Could not start the embedded PostgreSQL with data in " + DATA);
        // and the stop after a failed start has nothing to stop
        EmbeddedPostgresEnvironment.stop(DATA);
    }

    private static boolean answers(int port) {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "")) {
            return connection.createStatement().executeQuery("SELECT 1").next();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theDatabaseOfAStagehandStillRunningIsNoOrphan() {
        Assumptions.assumeTrue(System.getenv(TestDatabase.ENV) == null);
        int port = start();
        // as a second Stagehand starting on the same folder would see it: this JVM owns the server and runs
        assertThatThrownBy(() -> DataFolderOwner.stopOrphan(DATA, org.apache.commons.logging.LogFactory.getLog(EmbeddedPostgresRestartTests.class)))
                .hasMessageContaining("still running");
        assertThat(answers(port)).isTrue();
    }

    @Test
    void aKilledEmbeddedDatabaseIsStartedAgainOnItsPort() throws Exception {
        Assumptions.assumeTrue(System.getenv(TestDatabase.ENV) == null);
        int port = start();
        assertThat(answers(port)).isTrue();
        long pid = Long.parseLong(Files.readAllLines(DATA.resolve("postmaster.pid")).get(0).trim());
        new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).start().waitFor();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        assertThat(answers(port)).isFalse();

        List<Path> restarted = EmbeddedPostgresEnvironment.restartDead(LogFactory.getLog(getClass()));
        assertThat(restarted).containsExactly(DATA);
        assertThat(answers(port)).isTrue();
        assertThat(EmbeddedPostgresEnvironment.restartDead(LogFactory.getLog(getClass()))).as("a running server is left alone").isEmpty();
    }
}
