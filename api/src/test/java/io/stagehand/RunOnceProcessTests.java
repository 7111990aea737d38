package io.stagehand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes that end by themselves ({@code stagehand.ingest.once}, Spring's exit on refresh): the
 * status they end with and the embedded database they leave behind can only be seen from outside.
 */
class RunOnceProcessTests {

    @TempDir
    Path dir;

    @Test
    void aProcessThatRunsOnceEndsWithStatusOneWhenASourceFailedAndStopsItsDatabase() throws Exception {
        Path catalog = Files.createDirectories(dir.resolve("catalog"));
        Files.writeString(catalog.resolve("catalog-info.yaml"), """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: once
                spec:
                  type: service
                  lifecycle: production
                  owner: team-a
                """);
        Path data = dir.resolve("postgres");
        Path log = dir.resolve("server.log");
        Process process = start(log, List.of(), "--stagehand.ingest.once=true", "--stagehand.demo.enabled=false",
                "--stagehand.embedded.data-dir=" + data,
                "--stagehand.sources[0].name=good", "--stagehand.sources[0].type=file", "--stagehand.sources[0].path=" + catalog,
                "--stagehand.sources[1].name=missing", "--stagehand.sources[1].type=file",
                "--stagehand.sources[1].path=" + dir.resolve("no-such-folder"));

        assertThat(process.exitValue()).as("exit status; log: %s", tail(log)).isEqualTo(1);
        String output = Files.readString(log);
        assertThat(output).contains("Source good: run", "Sources that failed (stagehand.ingest.once): missing");
        if (System.getenv(TestDatabase.ENV) == null) {
            // PostgreSQL removes its pid file when it stops; a server left running would keep it
            assertThat(data.resolve("postmaster.pid")).doesNotExist();
        }
    }

    @Test
    void springsExitOnRefreshStopsTheEmbeddedDatabaseFirst() throws Exception {
        // Spring halts the JVM there, which skips the shutdown hook that stops the database
        Path data = dir.resolve("postgres");
        Path log = dir.resolve("server.log");
        Process process = start(log, List.of("-Dspring.context.exit=onRefresh"), "--stagehand.demo.enabled=false",
                "--stagehand.embedded.data-dir=" + data);

        assertThat(process.exitValue()).as("exit status; log: %s", tail(log)).isZero();
        if (System.getenv(TestDatabase.ENV) == null) {
            assertThat(Files.readString(log)).contains("Embedded PostgreSQL is listening on port");
            assertThat(data.resolve("postmaster.pid")).as("log: %s", tail(log)).doesNotExist();
        }
    }

    /** Starts the application in a JVM of its own and waits until it ends. */
    private static Process start(Path log, List<String> jvmOptions, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StagehandApplication.class.getName(), "--server.port=0"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the process ended; its log: %s", tail(log)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return process;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
