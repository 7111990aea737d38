package io.stagehand.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;

/**
 * Who runs the embedded PostgreSQL of a data folder: the Stagehand process recorded in the folder,
 * the postmaster its pid file names, and whether that server crashed or was left behind by a
 * Stagehand that is gone.
 */
final class DataFolderOwner {

    private DataFolderOwner() {
    }

    /**
     * Whether the server died without stopping: its pid file is still there but names no live
     * process. A server that was stopped (at shutdown too) removed its pid file and is left alone.
     */
    static boolean crashed(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return !lines.isEmpty() && lines.get(0).trim().matches("\\d+")
                    && !ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops a PostgreSQL that a Stagehand killed before it could stop it left running on this data
     * folder (its {@code postmaster.pid} names the folder and a live postgres process), so that this
     * start does not fail. A pid file whose process is gone is left to PostgreSQL, which ignores it.
     */
    static void stopOrphan(Path dataDir, Log log) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        Path owner = Path.of(lines.get(1).trim()).toAbsolutePath().normalize();
        if (process.isEmpty() || !process.get().isAlive() || !owner.equals(dataDir)
                || !process.get().info().command().map(c -> c.contains("postgres")).orElse(true)) {
            return;
        }
        if (ownerAlive(dataDir)) {
            throw new IOException("the embedded PostgreSQL on this folder belongs to a Stagehand that is still running");
        }
        long pid = process.get().pid();
        log.warn("Stopping the embedded PostgreSQL (pid " + pid + ") that an earlier Stagehand left running on " + dataDir);
        try {
            // SIGINT is PostgreSQL's fast shutdown: clients are gone anyway, and it leaves a clean data folder.
            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
            process.get().onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
            if (process.get().isAlive()) {
                process.get().destroyForcibly();
                process.get().onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the orphaned PostgreSQL " + pid, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("Could not stop the orphaned PostgreSQL " + pid + ": " + e.getMessage(), e);
        }
    }

    private static final String OWNER_FILE = "stagehand.owner";

    /** Records this process as the one whose embedded server runs on the folder. */
    static void recordThisProcess(Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve(OWNER_FILE), ownerOf(ProcessHandle.current()));
    }

    /** A process as pid and start time, so a pid used again by another process is not taken for it. */
    private static String ownerOf(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Object::toString).orElse("?");
    }

    /** Whether the Stagehand that started the folder's server is still running (a folder without the file has none). */
    private static boolean ownerAlive(Path dataDir) throws IOException {
        Path file = dataDir.resolve(OWNER_FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String owner = Files.readString(file).trim();
        String pid = owner.split(" ")[0];
        return pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                .map(p -> ownerOf(p).equals(owner)).orElse(false);
    }

    /** Deletes the data folder and everything in it ({@code stagehand.embedded.clean}). */
    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
