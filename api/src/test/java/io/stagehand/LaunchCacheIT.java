package io.stagehand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar started twice as a user starts it ({@code java -jar}, no flag), with the launcher's
 * cache in a folder of the test: the first start extracts the jar and its server writes the class-data
 * archive as it stops; the second server runs from the extracted jar with that archive mapped.
 */
class LaunchCacheIT {

    private static final Path JAR = Path.of("target", "stagehand.jar");
    private static final Pattern CHILD = Pattern.compile("the server runs in JVM (\\d+) ");

    @TempDir
    Path temp;

    private Process start(Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Relaunch.javaBinary(System.getProperty("java.home"), false).getPath(), "-jar",
                JAR.toAbsolutePath().toString(), "--server.port=0", "--stagehand.demo.enabled=false",
                "--stagehand.embedded.data-dir=" + temp.resolve("pg"), "--stagehand.git-cache=" + temp.resolve("git"),
                "--stagehand.scorecards.demo-repository=" + temp.resolve("demo-repository"))
                .directory(temp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeAll(List.of("MALLOC_ARENA_MAX", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
                "STAGEHAND_RELAUNCH"));
        builder.environment().put(LaunchCache.VARIABLE, temp.resolve("cache").toString());
        return builder.start();
    }

    private static String await(Path log, String text, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            Optional<String> line = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            assertThat(process.isAlive()).as("still running; saw %s", Files.readString(log)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' in 4 minutes; saw " + Files.readString(log));
    }

    private static void stop(Process process, Path log) throws InterruptedException, IOException {
        process.destroy();
        assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("stopped; saw %s", Files.readString(log)).isTrue();
    }

    @Test
    void theFirstServerWritesTheArchiveAndTheNextRunsExtractedWithIt() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads /proc to see the archive mapped");
        Path firstLog = temp.resolve("first.log");
        Process first = start(firstLog);
        await(firstLog, "Started StagehandApplication", first);
        stop(first, firstLog);
        String said = Files.readString(firstLog);
        assertThat(said).contains("Stagehand: extracting ").contains("it writes a class-data archive as it stops")
                .contains("Stagehand: the server wrote a class-data archive").doesNotContain("[warning][cds");
        Path archive;
        try (Stream<Path> files = Files.walk(temp.resolve("cache"))) {
            archive = files.filter(p -> p.getFileName().toString().endsWith(".jsa")).findFirst().orElseThrow();
        }
        assertThat(Files.size(archive)).isGreaterThan(10_000_000L);

        Path secondLog = temp.resolve("second.log");
        Process second = start(secondLog);
        try {
            Matcher child = CHILD.matcher(await(secondLog, "the server runs in JVM", second));
            assertThat(child.find()).isTrue();
            await(secondLog, "Started StagehandApplication", second);
            assertThat(Files.readString(secondLog)).doesNotContain("Stagehand: extracting").contains("with the class-data archive")
                    .doesNotContain("Unable to use shared archive");
            String maps = Files.readString(Path.of("/proc", child.group(1), "maps"));
            assertThat(maps).as("the server's JVM mapped the archive").contains(archive.toString());
            assertThat(Files.readString(Path.of("/proc", child.group(1), "cmdline"))).contains(temp.resolve("cache").toString() + "/")
                    .contains("/app/stagehand.jar");
        } finally {
            stop(second, secondLog);
        }
        assertThat(Files.readString(secondLog)).doesNotContain("wrote a class-data archive");
    }
}
