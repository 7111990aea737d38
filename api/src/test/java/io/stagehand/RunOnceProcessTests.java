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
 * {@code stagehand.ingest.once} in a process of its own: the status the process ends with and
 * the embedded database it leaves behind can only be seen from outside.
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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StagehandApplication.class.getName(),
                "--server.port=0", "--stagehand.ingest.once=true", "--stagehand.demo.enabled=false",
                "--stagehand.embedded.data-dir=" + data,
                "--stagehand.sources[0].name=good", "--stagehand.sources[0].type=file", "--stagehand.sources[0].path=" + catalog,
                "--stagehand.sources[1].name=missing", "--stagehand.sources[1].type=file",
                "--stagehand.sources[1].path=" + dir.resolve("no-such-folder")));
        Path log = dir.resolve("server.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the process ended; its log: %s", tail(log)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as("exit status; log: %s", tail(log)).isEqualTo(1);
        String output = Files.readString(log);
        assertThat(output).contains("Source good: run", "Sources that failed (stagehand.ingest.once): missing");
        if (System.getenv(TestDatabase.ENV) == null) {
            // PostgreSQL removes its pid file when it stops; a server left running would keep it
            assertThat(data.resolve("postmaster.pid")).doesNotExist();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
