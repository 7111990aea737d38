package io.stagehand;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where the relaunched server starts from: a JVM loading classes out of the jars inside Spring Boot's
 * jar, without a class-data archive, takes about twice as long to start as one running from the
 * extracted jar with an archive (docs/operations.md, "Memory and start-up"). So the launcher extracts
 * the jar once into a folder of this cache (per jar path, size and modification time), the first
 * server that gets ready there writes the archive as it stops, and every later start uses it. Uses
 * nothing but the JDK, as {@link Relaunch}.
 */
final class LaunchCache {

    /** The cache folder, or {@code false} for none (as a system property of the launcher, or {@code STAGEHAND_LAUNCH_CACHE}). */
    static final String PROPERTY = "stagehand.launch-cache";
    static final String VARIABLE = "STAGEHAND_LAUNCH_CACHE";
    /** Set on a server that writes the archive as it stops: the file it creates once ready, so only a full start's archive is kept. */
    static final String READY_FILE = "stagehand.launch-ready-file";
    private static final String LOCK = "in-use.lock";
    private static final long EXTRACT_MINUTES = 5;

    /** Extracts a Spring Boot jar into an empty folder, leaving the jar to run at its own name there. */
    interface Extractor {
        void extract(Path jar, Path destination) throws IOException;
    }

    private final Path root;
    private final Extractor extractor;

    LaunchCache(Path root, Extractor extractor) {
        this.root = root;
        this.extractor = extractor;
    }

    /**
     * The cache folder the settings name, or empty when switched off: {@code -Dstagehand.launch-cache},
     * else {@code STAGEHAND_LAUNCH_CACHE}, else {@code $XDG_CACHE_HOME/stagehand} or {@code ~/.cache/stagehand}.
     */
    static Optional<Path> folder(String property, Map<String, String> environment, String userHome) {
        String chosen = property != null ? property : environment.get(VARIABLE);
        if (chosen != null) {
            return chosen.isBlank() || "false".equalsIgnoreCase(chosen) ? Optional.empty() : Optional.of(Path.of(chosen));
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "stagehand"));
        }
        return userHome == null || userHome.isBlank() || "?".equals(userHome) ? Optional.empty() : Optional.of(Path.of(userHome, ".cache", "stagehand"));
    }

    /** Whether {@code jar} is a Spring Boot jar, the only kind its extraction knows. */
    static boolean isBootJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.getManifest() != null && file.getManifest().getMainAttributes().getValue("Spring-Boot-Lib") != null;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Makes the folder of this version of {@code jar} ready (extracting it the first time) and says how
     * the server starts from it: with the archive once there is one, else writing it as it stops.
     * {@code java} names the JVM (home and version), whose archive only it can use. Holds the folder,
     * so no other launcher removes it, until {@link Prepared#finish} is called.
     *
     * @throws IOException when the folder cannot be made ready; the server then starts from the jar
     */
    Prepared prepare(Path jar, String java) throws IOException {
        Path real = jar.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        String name = real.getFileName().toString();
        String family = name.replaceFirst("\\.jar$", "") + "-" + hash(real.toString());
        Path folder = root.resolve(family + "-" + hash(attributes.size() + " " + attributes.lastModifiedTime().toMillis()));
        Files.createDirectories(folder);
        FileChannel channel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null) {
                throw new IOException(folder + " is being removed by another start");
            }
            removeOtherVersions(family, folder);
            removeLeftovers(folder);
            Path extracted = extract(real, folder, name);
            Path archive = folder.resolve("stagehand-" + hash(java) + ".jsa");
            if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
                return new Prepared(extracted, List.of("-XX:SharedArchiveFile=" + archive), archive, null, null, channel);
            }
            long pid = ProcessHandle.current().pid();
            Path pending = folder.resolve(archive.getFileName() + "." + pid + ".tmp");
            Path ready = folder.resolve("ready." + pid);
            Files.deleteIfExists(pending);
            Files.deleteIfExists(ready);
            // the archive's warnings (classes it leaves out: generated, or of JFR) say nothing a user can act on
            return new Prepared(extracted, List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-D" + READY_FILE + "=" + ready), archive, pending, ready, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The extracted jar in {@code folder}, extracting it first into a folder of its own, moved in place when complete. */
    private Path extract(Path jar, Path folder, String name) throws IOException {
        Path app = folder.resolve("app");
        Path extracted = app.resolve(name);
        if (Files.isRegularFile(extracted)) {
            return extracted;
        }
        Path temporary = Files.createTempDirectory(folder, "extracting-");
        try {
            System.out.println("Stagehand: extracting " + jar + " into " + app + ", once for this version of the jar (a few seconds)");
            extractor.extract(jar, temporary);
            if (!Files.isRegularFile(temporary.resolve(name))) {
                throw new IOException("the extraction left no " + name + " in " + temporary);
            }
            try {
                Files.move(temporary, app, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another launcher of the same jar was faster: its copy is as good
                if (!Files.isRegularFile(extracted)) {
                    throw e;
                }
            }
            return extracted;
        } finally {
            deleteRecursively(temporary);
        }
    }

    /** Folders of earlier versions of the same jar, unless a running launcher holds them (its server reads its classes there). */
    private void removeOtherVersions(String family, Path current) throws IOException {
        List<Path> others;
        try (Stream<Path> folders = Files.list(root)) {
            others = folders.filter(p -> p.getFileName().toString().startsWith(family + "-") && !p.equals(current)).toList();
        }
        for (Path other : others) {
            try (FileChannel channel = FileChannel.open(other.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock lock = channel.tryLock(0, Long.MAX_VALUE, false)) {
                if (lock != null) {
                    deleteRecursively(other);
                }
            } catch (IOException | OverlappingFileLockException | UncheckedIOException e) {
                // in use or not removable now: the next start tries again
            }
        }
    }

    /** What a launcher that was killed left: its server's unfinished archive and its ready mark. */
    private static void removeLeftovers(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                String pid = name.startsWith("ready.") ? name.substring("ready.".length())
                        : name.endsWith(".tmp") ? name.replaceFirst("^.*\\.([0-9]+)\\.tmp$", "$1") : null;
                if (pid != null && pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * How the server starts: the extracted jar and the flags for its JVM. {@code pending} and {@code ready}
     * are set when it writes the archive as it stops.
     */
    record Prepared(Path jar, List<String> flags, Path archive, Path pending, Path ready, FileChannel hold) {

        boolean writesArchive() {
            return pending != null;
        }

        /**
         * Once the server ended with {@code exitCode}: keeps the archive it wrote if it got ready (one
         * from a start that failed early would hold few classes and stay) and its JVM ended by itself
         * (killed or crashed, it may have written part of it: 128 + the signal, other than SIGINT's
         * and SIGTERM's), and lets the folder go. Says whether an archive was kept.
         */
        boolean finish(int exitCode) {
            try {
                if (pending == null) {
                    return false;
                }
                boolean endedItself = exitCode < 128 || exitCode == 130 || exitCode == 143;
                boolean kept = endedItself && Files.exists(ready) && Files.isRegularFile(pending) && Files.size(pending) > 0;
                if (kept) {
                    move(pending, archive);
                }
                return kept;
            } catch (IOException e) {
                return false;
            } finally {
                try {
                    if (pending != null) {
                        Files.deleteIfExists(pending);
                        Files.deleteIfExists(ready);
                    }
                    hold.close();
                } catch (IOException e) {
                    // a leftover the next start removes
                }
            }
        }

        private static void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** In the server: marks the start as complete, for the launcher to keep the archive it writes. */
    static void markReady(String readyFile) {
        try {
            Files.writeString(Path.of(readyFile), "ready\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // without the mark the archive is not kept; the next start writes one again
        }
    }

    /** Spring Boot's own extraction ({@code -Djarmode=tools ... extract}), in a JVM of the same java binary. */
    static Extractor tools(String java) {
        return (jar, destination) -> {
            Path log = Files.createTempFile(destination.getParent(), "extract-", ".log");
            try {
                Process process = new ProcessBuilder(java, "-Djarmode=tools", "-Dstagehand.relaunch=false", "-jar", jar.toString(), "extract",
                        "--destination", destination.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(EXTRACT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IOException("the extraction took more than " + EXTRACT_MINUTES + " minutes");
                }
                if (process.exitValue() != 0) {
                    List<String> lines = Files.readAllLines(log);
                    throw new IOException("the extraction failed (exit " + process.exitValue() + "): "
                            + String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while extracting", e);
            } finally {
                Files.deleteIfExists(log);
            }
        };
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    static String javaIdentity() {
        return System.getProperty("java.home", "") + File.pathSeparator + System.getProperty("java.vm.version", "");
    }
}
