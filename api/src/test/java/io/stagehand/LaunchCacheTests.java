package io.stagehand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's cache on real files, with a stand-in for Spring Boot's extraction (it copies the jar)
 * and for the server (it writes the archive file and the ready mark as the JVM and the server would);
 * {@code LaunchCacheIT} runs the real ones.
 */
class LaunchCacheTests {

    private static final String JAVA = "/usr/lib/jvm/java-17:17.0.15";

    @TempDir
    Path temp;
    private Path jar;
    private Path cache;
    private final List<Path> extracted = new ArrayList<>();
    private LaunchCache launchCache;

    @BeforeEach
    void jarAndCache() throws IOException {
        jar = Files.writeString(temp.resolve("stagehand.jar"), "version 1");
        cache = temp.resolve("cache");
        launchCache = new LaunchCache(cache, (from, destination) -> {
            extracted.add(destination);
            Files.copy(from, destination.resolve(from.getFileName()));
            Files.createDirectories(destination.resolve("lib"));
        });
    }

    /** What the server does when it got ready and stopped: the JVM wrote the archive, the server its mark. */
    private static void serverGotReadyAndStopped(LaunchCache.Prepared prepared) throws IOException {
        Files.writeString(prepared.pending(), "archive");
        LaunchCache.markReady(prepared.ready().toString());
    }

    @Test
    void theFirstStartExtractsAndItsServerWritesTheArchiveThatTheNextStartsUse() throws IOException {
        LaunchCache.Prepared first = launchCache.prepare(jar, JAVA);
        assertThat(extracted).hasSize(1);
        assertThat(first.jar()).isRegularFile().hasFileName("stagehand.jar").hasContent("version 1").startsWith(cache);
        assertThat(first.writesArchive()).isTrue();
        assertThat(first.flags()).contains("-XX:ArchiveClassesAtExit=" + first.pending(), "-D" + LaunchCache.READY_FILE + "=" + first.ready());
        serverGotReadyAndStopped(first);
        assertThat(first.finish(143)).isTrue();
        assertThat(first.archive()).hasContent("archive");
        assertThat(first.pending()).doesNotExist();
        assertThat(first.ready()).doesNotExist();

        for (int start = 0; start < 2; start++) {
            LaunchCache.Prepared next = launchCache.prepare(jar, JAVA);
            assertThat(next.jar()).isEqualTo(first.jar());
            assertThat(next.writesArchive()).isFalse();
            assertThat(next.flags()).containsExactly("-XX:SharedArchiveFile=" + first.archive());
            assertThat(next.finish(143)).isFalse();
        }
        assertThat(extracted).as("extracted once").hasSize(1);
        assertThat(first.archive()).hasContent("archive");
    }

    @Test
    void theArchiveOfAStartThatNeverGotReadyIsNotKept() throws IOException {
        LaunchCache.Prepared first = launchCache.prepare(jar, JAVA);
        Files.writeString(first.pending(), "a few classes"); // say the port was taken: the server ended before it was ready
        assertThat(first.finish(143)).isFalse();
        assertThat(first.archive()).doesNotExist();
        assertThat(first.pending()).doesNotExist();

        LaunchCache.Prepared second = launchCache.prepare(jar, JAVA);
        assertThat(second.writesArchive()).as("the next start tries again").isTrue();
        assertThat(extracted).hasSize(1);
        // ready, but the JVM wrote nothing (it crashed, or could not write the file): nothing to keep
        LaunchCache.markReady(second.ready().toString());
        assertThat(second.finish(143)).isFalse();
        assertThat(second.archive()).doesNotExist();
    }

    @Test
    void theArchiveOfAServerKilledOrCrashedIsNotKept() throws IOException {
        for (int exitCode : List.of(137, 134)) { // SIGKILL (after the launcher's minute), SIGABRT (a crash)
            LaunchCache.Prepared start = launchCache.prepare(jar, JAVA);
            serverGotReadyAndStopped(start); // ready, then killed while the JVM wrote the archive
            assertThat(start.finish(exitCode)).as("exit %d", exitCode).isFalse();
            assertThat(start.archive()).doesNotExist();
            assertThat(start.pending()).doesNotExist();
        }
        for (int exitCode : List.of(0, 1, 130, 143)) { // ended, failed, Ctrl+C, SIGTERM: the JVM finished the archive
            LaunchCache.Prepared start = launchCache.prepare(jar, JAVA);
            serverGotReadyAndStopped(start);
            assertThat(start.finish(exitCode)).as("exit %d", exitCode).isTrue();
            Files.delete(start.archive());
        }
    }

    @Test
    void aChangedJarIsExtractedAgainWithoutTheOldArchiveAndTheOldFolderGoes() throws IOException {
        LaunchCache.Prepared first = launchCache.prepare(jar, JAVA);
        serverGotReadyAndStopped(first);
        first.finish(143);
        Path oldFolder = first.jar().getParent().getParent();

        // an upgrade in place: another size (the same size may keep the same modification time, which is coarser than the test)
        Files.writeString(jar, "version 2.0");
        LaunchCache.Prepared upgraded = launchCache.prepare(jar, JAVA);
        assertThat(upgraded.jar()).hasContent("version 2.0");
        assertThat(upgraded.writesArchive()).isTrue();
        assertThat(oldFolder).doesNotExist();
        upgraded.finish(143);

        Files.writeString(jar, "version 3.0"); // the same size, another modification time
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        LaunchCache.Prepared again = launchCache.prepare(jar, JAVA);
        assertThat(again.jar()).hasContent("version 3.0");
        assertThat(extracted).hasSize(3);
        assertThat(folders()).containsExactly(again.jar().getParent().getParent());
        again.finish(143);
    }

    @Test
    void aFolderAServerStillRunsFromIsNotRemoved() throws IOException {
        LaunchCache.Prepared running = launchCache.prepare(jar, JAVA); // not finished: its server still runs
        Files.writeString(jar, "version 2.0"); // another size: the modification time alone may not have moved yet
        LaunchCache.Prepared upgraded = launchCache.prepare(jar, JAVA);
        assertThat(running.jar()).hasContent("version 1");
        running.finish(143);
        upgraded.finish(143);

        LaunchCache.Prepared later = launchCache.prepare(jar, JAVA);
        assertThat(running.jar()).as("removed once nobody runs from it").doesNotExist();
        later.finish(143);
    }

    @Test
    void anotherJarOrAnotherJvmKeepsItsOwn() throws IOException {
        LaunchCache.Prepared first = launchCache.prepare(jar, JAVA);
        serverGotReadyAndStopped(first);
        first.finish(143);

        LaunchCache.Prepared otherJvm = launchCache.prepare(jar, "/opt/jdk-21:21.0.2");
        assertThat(otherJvm.jar()).as("the extraction is shared").isEqualTo(first.jar());
        assertThat(otherJvm.writesArchive()).as("but not the archive").isTrue();
        otherJvm.finish(143);

        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere")).resolve("stagehand.jar");
        Files.writeString(elsewhere, "version 1");
        LaunchCache.Prepared otherJar = launchCache.prepare(elsewhere, JAVA);
        otherJar.finish(143);
        assertThat(first.archive()).as("a jar at another path does not remove this one's").exists();
        assertThat(folders()).hasSize(2);
    }

    @Test
    void whatAKilledLauncherLeftIsRemoved() throws IOException {
        LaunchCache.Prepared first = launchCache.prepare(jar, JAVA);
        first.finish(143);
        Path folder = first.jar().getParent().getParent();
        long gone = ProcessHandle.current().pid() + 1_000_000_000L;
        Path leftArchive = Files.writeString(folder.resolve(first.archive().getFileName() + "." + gone + ".tmp"), "half");
        Path leftMark = Files.writeString(folder.resolve("ready." + gone), "ready");
        long alive = ProcessHandle.current().parent().orElseThrow().pid(); // the build's JVM, say another launcher
        Path aliveMark = Files.writeString(folder.resolve("ready." + alive), "ready");

        launchCache.prepare(jar, JAVA).finish(143);
        assertThat(leftArchive).doesNotExist();
        assertThat(leftMark).doesNotExist();
        assertThat(aliveMark).as("its launcher still runs").exists();
    }

    @Test
    void aCacheThatCannotBeMadeReadyFailsThePreparationAndLeavesNothingHalfDone() throws IOException {
        Files.writeString(cache, "a file where the folder should be");
        assertThatThrownBy(() -> launchCache.prepare(jar, JAVA)).isInstanceOf(IOException.class);
        Files.delete(cache);

        LaunchCache failing = new LaunchCache(cache, (from, destination) -> {
            Files.writeString(destination.resolve("lib.jar"), "half");
            throw new IOException("No space left on device");
        });
        assertThatThrownBy(() -> failing.prepare(jar, JAVA)).hasMessageContaining("No space left on device");
        LaunchCache empty = new LaunchCache(cache, (from, destination) -> {
            // extracts nothing
        });
        assertThatThrownBy(() -> empty.prepare(jar, JAVA)).hasMessageContaining("left no stagehand.jar");
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsOnly("in-use.lock");
        }

        LaunchCache.Prepared working = launchCache.prepare(jar, JAVA);
        assertThat(working.jar()).hasContent("version 1");
        working.finish(143);
    }

    @Test
    void theCacheFolderFollowsTheSettings() {
        assertThat(LaunchCache.folder("/srv/cache", Map.of(LaunchCache.VARIABLE, "/other"), "/home/u")).contains(Path.of("/srv/cache"));
        assertThat(LaunchCache.folder(null, Map.of(LaunchCache.VARIABLE, "/other"), "/home/u")).contains(Path.of("/other"));
        assertThat(LaunchCache.folder(null, Map.of(LaunchCache.VARIABLE, "false"), "/home/u")).isEmpty();
        assertThat(LaunchCache.folder("false", Map.of(), "/home/u")).isEmpty();
        assertThat(LaunchCache.folder(null, Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u")).contains(Path.of("/xdg", "stagehand"));
        assertThat(LaunchCache.folder(null, Map.of(), "/home/u")).contains(Path.of("/home/u", ".cache", "stagehand"));
        assertThat(LaunchCache.folder(null, Map.of(), "?")).as("no home").isEqualTo(Optional.empty());
    }

    @Test
    void onlyASpringBootJarIsExtracted() throws IOException {
        assertThat(LaunchCache.isBootJar(jar)).as("not a jar").isFalse();
        assertThat(LaunchCache.isBootJar(jarWith(Map.of("Main-Class", "io.stagehand.RelaunchProbe")))).isFalse();
        assertThat(LaunchCache.isBootJar(jarWith(Map.of("Main-Class", "org.springframework.boot.loader.launch.JarLauncher",
                "Spring-Boot-Lib", "BOOT-INF/lib/")))).isTrue();
    }

    private Path jarWith(Map<String, String> attributes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Path file = Files.createTempFile(temp, "manifest", ".jar");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        return file;
    }

    private List<Path> folders() throws IOException {
        try (Stream<Path> list = Files.list(cache)) {
            return list.filter(Files::isDirectory).toList();
        }
    }
}
