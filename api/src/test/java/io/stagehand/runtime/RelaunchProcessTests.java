package io.stagehand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs: a small jar whose main method is {@link RelaunchProbe} (the relaunch, then a line about
 * the JVM it runs in), started as a user starts Stagehand's jar. Each start takes about a second.
 */
class RelaunchProcessTests {

    private static final Pattern PROBE = Pattern.compile("probe pid=(\\d+) launcher=(\\S+) heapMb=(\\d+) gc=(\\S+) arenas=(\\S+) "
            + "prop=(\\S+) tool=(\\S+) toolVariable=(.+) args=(.*)");

    @TempDir
    static Path folder;
    private static Path jar;

    /** The probe's jar: a manifest naming the main class, with the test and main classes on its class path. */
    @BeforeAll
    static void probeJar() throws IOException, URISyntaxException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, RelaunchProbe.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                location(RelaunchProbe.class) + " " + location(Relaunch.class));
        jar = folder.resolve("probe.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toString();
    }

    /** A started JVM and the file its output goes to (the launcher's and, inherited, the child's). */
    private record Started(Process process, Path log) {

        List<String> lines() throws IOException {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        }

        String await(String prefix) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Optional<String> line = lines().stream().filter(l -> l.startsWith(prefix)).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no line starting with '" + prefix + "' in 30 s; saw " + lines());
        }

        List<String> rest() throws IOException, InterruptedException {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ended; saw %s", lines()).isTrue();
            return lines();
        }
    }

    private static Started start(List<String> jvmArguments, String toolOptions, String relaunch, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Relaunch.javaBinary(System.getProperty("java.home"), System.getProperty("os.name").startsWith("Windows")).getPath());
        command.addAll(jvmArguments);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(folder, "probe", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeAll(List.of("MALLOC_ARENA_MAX", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
                "STAGEHAND_RELAUNCH"));
        if (toolOptions != null) {
            builder.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        if (relaunch != null) {
            builder.environment().put("STAGEHAND_RELAUNCH", relaunch);
        }
        return new Started(builder.start(), log);
    }

    private static Matcher probe(String line) {
        Matcher matcher = PROBE.matcher(line);
        assertThat(matcher.matches()).as(line).isTrue();
        return matcher;
    }

    @Test
    void aPlainStartRunsInAChildWithTheFlagsAndEndsWithItsExitCode() throws Exception {
        Started started = start(List.of("-Dprobe.prop=given"), "-Dprobe.tool=once", null, "exit", "7", "two words");
        String said = started.await("Stagehand: no heap size or collector given");
        Matcher probe = probe(started.await("probe pid="));
        assertThat(probe.group(2)).as("the child names its launcher").isEqualTo(String.valueOf(started.process().pid()));
        assertThat(probe.group(1)).isNotEqualTo(String.valueOf(started.process().pid()));
        assertThat(said).contains("runs in JVM " + probe.group(1) + " with -Xmx320m -XX:+UseParallelGC").contains("MALLOC_ARENA_MAX=2");
        // the parallel collector reports the heap without one survivor space: a little under 320 MB
        assertThat(Integer.parseInt(probe.group(3))).isBetween(270, 320);
        assertThat(probe.group(4)).contains("PS_MarkSweep");
        assertThat(probe.group(5)).isEqualTo("2");
        assertThat(probe.group(6)).as("a system property of the command line").isEqualTo("given");
        assertThat(probe.group(7)).as("a JAVA_TOOL_OPTIONS flag, applied once").isEqualTo("once");
        assertThat(probe.group(8)).isEqualTo("null");
        assertThat(probe.group(9)).isEqualTo("[exit, 7, two words]");
        started.rest();
        assertThat(started.process().exitValue()).isEqualTo(7);
        assertThat(started.lines().stream().filter(line -> line.startsWith("probe pid="))).as("one JVM ran the main method").hasSize(1);
    }

    @Test
    void aChosenHeapOrTheSwitchKeepsTheServerInTheStartedJvm() throws Exception {
        for (Started started : List.of(start(List.of("-Xmx64m"), null, null, "exit", "0"),
                start(List.of(), "-XX:MaxRAMPercentage=5", null, "exit", "0"), start(List.of(), null, "false", "exit", "0"))) {
            Matcher probe = probe(started.await("probe pid="));
            assertThat(probe.group(1)).isEqualTo(String.valueOf(started.process().pid()));
            assertThat(probe.group(2)).isEqualTo("null");
            assertThat(probe.group(4)).doesNotContain("PS_MarkSweep");
            assertThat(started.rest()).noneMatch(line -> line.startsWith("Stagehand:"));
        }
    }

    @Test
    void stoppingTheLauncherStopsTheServerGracefully() throws Exception {
        Started started = start(List.of(), null, null, "wait");
        String child = started.await("probe ready pid=").substring("probe ready pid=".length());
        started.process().destroy(); // SIGTERM, as a service manager or the benchmark stops it
        started.await("probe stopped gracefully pid=" + child);
        started.rest();
        assertThat(ProcessHandle.of(Long.parseLong(child)).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(started.process().exitValue()).isEqualTo(143);
    }

    @Test
    void aLauncherKilledOutrightLeavesNoServer() throws Exception {
        Started started = start(List.of(), null, null, "wait");
        String child = started.await("probe ready pid=").substring("probe ready pid=".length());
        started.process().destroyForcibly(); // SIGKILL: the launcher's hooks do not run
        started.await("probe stopped gracefully pid=" + child);
        ProcessHandle handle = ProcessHandle.of(Long.parseLong(child)).orElse(null);
        if (handle != null) {
            handle.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
