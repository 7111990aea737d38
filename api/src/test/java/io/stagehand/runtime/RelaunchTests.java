package io.stagehand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a start runs the server in a child JVM with the benchmarked flags, and with what command line. */
class RelaunchTests {

    private static final String JAR = "api/target/stagehand.jar";
    private static final String COMMAND = JAR + " --server.port=0";

    private static String reason(List<String> jvmArguments) {
        return Relaunch.reasonNotTo(jvmArguments, Map.of(), null, COMMAND, JAR);
    }

    @Test
    void aPlainJavaJarIsRelaunched() {
        assertThat(reason(List.of())).isNull();
        assertThat(reason(List.of("-Dfile.encoding=UTF-8", "-Xss1m", "-XX:+HeapDumpOnOutOfMemoryError", "-XX:SharedArchiveFile=a.jsa"))).isNull();
        assertThat(Relaunch.reasonNotTo(List.of(), Map.of(), null, JAR, JAR)).as("no arguments").isNull();
        assertThat(Relaunch.reasonNotTo(List.of(), Map.of(), null, "/opt/my apps/stagehand.jar --x=1", "/opt/my apps/stagehand.jar"))
                .as("a jar path with a space").isNull();
    }

    @Test
    void aHeapOrCollectorSomeoneChoseIsKept() {
        // spring-boot:run, the Docker image, the Helm chart and the benchmarks each give one of these
        for (String flag : List.of("-Xmx352m", "-Xms1g", "-Xmn64m", "-XX:MaxHeapSize=400000000", "-XX:MaxRAMPercentage=50",
                "-XX:MaxRAM=1g", "-XX:InitialRAMPercentage=10", "-XX:MaxHeapFreeRatio=30", "-XX:+UseParallelGC", "-XX:+UseG1GC",
                "-XX:+UseSerialGC", "-XX:+UseZGC", "-XX:+UseShenandoahGC", "-XX:G1PeriodicGCInterval=30000", "-XX:Flags=.hotspotrc",
                "-XX:VMOptionsFile=jvm.options")) {
            assertThat(reason(List.of("-Dfile.encoding=UTF-8", flag))).as(flag).startsWith("the heap or collector is chosen: " + flag);
        }
        assertThat(reason(List.of("-XX:+UseCompressedOops", "-XX:+UseStringDeduplication"))).as("not a collector").isNull();
    }

    @Test
    void toolsAttachedToThisJvmKeepTheServerInIt() {
        for (String flag : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:otel.jar",
                "-agentpath:/opt/profiler.so", "-XX:StartFlightRecording=filename=a.jfr", "-XX:ArchiveClassesAtExit=a.jsa",
                "-Xshare:dump", "-Xlog:gc*:file=gc.log")) {
            assertThat(reason(List.of(flag))).as(flag).isNotNull();
        }
        assertThat(reason(List.of("-Xlog:gc"))).as("a log to the console").isNull();
    }

    @Test
    void onlyAJarIsRelaunched() {
        // spring-boot:run, an IDE, the tests: a main class on a class path
        assertThat(Relaunch.reasonNotTo(List.of(), Map.of(), null, "io.stagehand.StagehandApplication --x=1", "api/target/classes"))
                .isEqualTo("not started with java -jar");
        assertThat(Relaunch.reasonNotTo(List.of(), Map.of(), null, "org.springframework.boot.loader.launch.JarLauncher", JAR))
                .as("the jar on a class path, its launcher named").isEqualTo("not started with java -jar");
        assertThat(Relaunch.reasonNotTo(List.of(), Map.of(), null, null, JAR)).isEqualTo("not started with java -jar");
        String twoJars = JAR + File.pathSeparator + "other.jar";
        assertThat(Relaunch.reasonNotTo(List.of(), Map.of(), null, twoJars, twoJars)).isEqualTo("not started with java -jar");
    }

    @Test
    void switchedOffByTheEnvironmentOrAProperty() {
        assertThat(Relaunch.reasonNotTo(List.of(), Map.of("STAGEHAND_RELAUNCH", "false"), null, COMMAND, JAR)).isEqualTo("switched off");
        assertThat(Relaunch.reasonNotTo(List.of("-Dstagehand.relaunch=FALSE"), Map.of(), "FALSE", COMMAND, JAR)).isEqualTo("switched off");
        assertThat(Relaunch.reasonNotTo(List.of(), Map.of("STAGEHAND_RELAUNCH", "true"), "true", COMMAND, JAR)).isNull();
    }

    @Test
    void theChildGetsTheFlagsThenTheUsersArgumentsAndTheSameJar() {
        List<String> command = Relaunch.command("/jdk/bin/java", List.of("-Dspring.profiles.active=prod", "-Dx=a b"), 42, JAR,
                new String[] {"--server.port=7171", "two words"});
        assertThat(command).containsExactly("/jdk/bin/java", "-Xmx320m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
                "-Dspring.profiles.active=prod", "-Dx=a b", "-Dstagehand.launcher-pid=42", "-jar", JAR, "--server.port=7171", "two words");
    }

    @Test
    void theChildsEnvironmentHasTwoArenasAndNoOptionsVariable() {
        Map<String, String> environment = new HashMap<>(Map.of("JAVA_TOOL_OPTIONS", "-Da=1", "JDK_JAVA_OPTIONS", "-Db=2",
                "_JAVA_OPTIONS", "-Dc=3", "HOME", "/home/u"));
        Relaunch.childEnvironment(environment);
        assertThat(environment).containsExactlyInAnyOrderEntriesOf(Map.of("MALLOC_ARENA_MAX", "2", "HOME", "/home/u"));
        Map<String, String> chosen = new HashMap<>(Map.of("MALLOC_ARENA_MAX", "4"));
        Relaunch.childEnvironment(chosen);
        assertThat(chosen).containsEntry("MALLOC_ARENA_MAX", "4");
    }

    @Test
    void theJavaBinaryOfEachPlatform() {
        assertThat(Relaunch.javaBinary("/usr/lib/jvm/java-17", false)).isEqualTo(new File("/usr/lib/jvm/java-17/bin/java"));
        assertThat(Relaunch.javaBinary("C:\\jdk", true).getName()).isEqualTo("java.exe");
    }

    /** What a JDK 25 build leaves in target/: the jar, and beside it the extracted jar with its AOT cache. */
    private static Path built(Path target) throws IOException {
        Path jar = Files.writeString(target.resolve("stagehand.jar"), "jar");
        Files.createDirectories(target.resolve("stagehand"));
        Files.writeString(target.resolve("stagehand/stagehand.jar"), "extracted");
        Files.writeString(target.resolve("stagehand/stagehand.aot"), "cache");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        return jar;
    }

    @Test
    void onJdk25TheChildRunsFromTheExtractedJarWithTheTrainedCache(@TempDir Path target) throws IOException {
        Path jar = built(target);
        Relaunch.Installed installed = Relaunch.Installed.beside(jar, 25, List.of("-Dx=1")).orElseThrow();
        assertThat(installed.jar()).isEqualTo(target.resolve("stagehand/stagehand.jar"));
        assertThat(installed.flags()).containsExactly("-XX:AOTCache=" + target.resolve("stagehand/stagehand.aot"));
        assertThat(Relaunch.command("/jdk/bin/java", installed.flags(), List.of("-Dx=1"), 42, installed.jar().toString(), new String[0]))
                .containsSubsequence("-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=" + target.resolve("stagehand/stagehand.aot"), "-Dx=1",
                        "-jar", installed.jar().toString());
    }

    @Test
    void theJarItselfRunsWhenTheCacheCannotServe(@TempDir Path target) throws IOException {
        Path jar = built(target);
        assertThat(Relaunch.Installed.beside(jar, 21, List.of())).as("a JDK without AOT caches").isEmpty();
        assertThat(Relaunch.Installed.beside(jar, 25, List.of("-XX:AOTCache=mine.aot"))).as("the user's own cache").isEmpty();
        assertThat(Relaunch.Installed.beside(jar, 25, List.of("-Xshare:off"))).as("sharing switched off").isEmpty();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(Relaunch.Installed.beside(jar, 25, List.of())).as("a jar newer than its cache").isEmpty();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.delete(target.resolve("stagehand/stagehand.aot"));
        assertThat(Relaunch.Installed.beside(jar, 25, List.of())).as("built on an older JDK: no cache").isEmpty();
    }
}
