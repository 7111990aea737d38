package io.stagehand.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;

/**
 * Stops the embedded PostgreSQL of a data folder as soon as the JVM that started it is gone,
 * however it ended (an out-of-memory exit, {@code kill -9}): a small shell process reads a pipe whose
 * other end only this JVM holds, so the end of the JVM is the end of its input; it then asks the
 * postmaster the folder's pid file names for PostgreSQL's fast shutdown. A clean stop removes the pid
 * file first, and the reaper finds nothing to do. Where there is no POSIX shell the next start still
 * stops an orphan ({@link DataFolderOwner#stopOrphan}).
 */
final class PostmasterReaper {

    /**
     * The reaper's script, with the data folder as {@code $1}; shell built-ins only, so that a slim
     * image runs it. Where {@code /proc} tells, the pid must still be a postgres process.
     */
    static final String SCRIPT = String.join("\n",
            "while read -r line; do :; done",
            "pidfile=\"$1/postmaster.pid\"",
            "[ -f \"$pidfile\" ] || exit 0",
            "{ read -r pid; } < \"$pidfile\"",
            "case \"$pid\" in ''|*[!0-9]*) exit 0;; esac",
            "if [ -r \"/proc/$pid/comm\" ]; then { read -r name; } < \"/proc/$pid/comm\"; case \"$name\" in postgres*) ;; *) exit 0;; esac; fi",
            "kill -INT \"$pid\" 2>/dev/null",
            "exit 0");

    /** Held for the JVM's life: a collected process would close its pipe and set the reaper off. */
    private static final Map<Path, Process> REAPERS = new HashMap<>();

    private PostmasterReaper() {
    }

    /**
     * Starts the folder's reaper unless this JVM has one already; the same reaper serves a server
     * started again on the folder, since it reads the pid file only when the JVM is gone.
     */
    static void watch(Path dataDir, Log log) {
        File shell = new File("/bin/sh");
        if (!shell.canExecute()) {
            log.debug("No /bin/sh: the embedded PostgreSQL on " + dataDir + " is stopped by the next start if this process dies");
            return;
        }
        synchronized (REAPERS) {
            Process existing = REAPERS.get(dataDir);
            if (existing != null && existing.isAlive()) {
                return;
            }
            try {
                Process reaper = new ProcessBuilder(List.of(shell.getPath(), "-c", SCRIPT, "stagehand-postmaster-reaper",
                        dataDir.toString()))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                REAPERS.put(dataDir, reaper);
            } catch (IOException e) {
                log.warn("Could not start the process that stops the embedded PostgreSQL on " + dataDir
                        + " if this one dies (" + e.getMessage() + "); the next start stops it instead");
            }
        }
    }
}
