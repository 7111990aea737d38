package io.stagehand.runtime;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A plain {@code java -jar stagehand.jar} gets a heap limit of a quarter of the machine and G1, and
 * grows to gigabytes under load; a JVM cannot lower its own limit once started. So when nobody chose
 * the heap or the collector, Stagehand runs the server in a child JVM of the same java binary with
 * the benchmarked settings (docs/operations.md, "Memory and start-up") and this JVM only waits for
 * it; on JDK 25 and newer that child runs from what the build put beside the jar, with the AOT cache
 * of its training run ({@link Installed}), which no flag inside a jar can ask for. Uses nothing but
 * the JDK, and runs before Spring loads, so the waiting JVM stays small.
 */
public final class Relaunch {

    /** The settings the benchmarks run with: their largest catalog fits this heap (docs/benchmarks.md, "Memory"). */
    static final List<String> FLAGS = List.of("-Xmx320m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError");
    static final String ARENAS = "MALLOC_ARENA_MAX";
    /** Set on the child: marks it, and names the JVM whose end ends it too. */
    static final String LAUNCHER_PID = "stagehand.launcher-pid";
    /** How long a stopping launcher gives the server to stop gracefully (requests, runs, the embedded database). */
    private static final long STOP_SECONDS = 60;

    /** Flags that size the heap or tune it (and -XX:+Use...GC): whoever gave one chose the memory. */
    private static final List<String> SIZING = List.of("-Xmx", "-Xms", "-Xmn", "-XX:MaxHeapSize", "-XX:InitialHeapSize",
            "-XX:MinHeapSize", "-XX:MaxRAM", "-XX:InitialRAM", "-XX:MinRAM", "-XX:MaxHeapFreeRatio", "-XX:MinHeapFreeRatio",
            "-XX:G1", "-XX:Flags=", "-XX:VMOptionsFile=");
    /**
     * Flags that attach something to this JVM or write a file when it ends: a debugger, an agent, a
     * recording or a class-data archive is meant for the server's own JVM, and would run twice.
     */
    private static final List<String> ATTACHED = List.of("-agentlib:", "-agentpath:", "-javaagent:", "-Xrunjdwp", "-Xdebug",
            "-XX:StartFlightRecording", "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive", "-XX:DumpLoadedClassList",
            "-Xshare:dump", "-XX:AOTCacheOutput", "-XX:AOTMode", "-XX:AOTConfiguration");
    /** The JVM reads these too; the child gets their flags on its command line instead, so they apply once. */
    private static final List<String> OPTIONS_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private Relaunch() {
    }

    /**
     * Runs the server in a child JVM when {@link #reasonNotTo} finds no reason against it, and then
     * ends this JVM with the child's exit code; otherwise returns, and the server starts here.
     */
    public static void ifUnsized(String[] args) {
        String launcher = System.getProperty(LAUNCHER_PID);
        if (launcher != null) {
            stopWithLauncher(launcher);
            return;
        }
        List<String> jvmArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String classPath = System.getProperty("java.class.path", "");
        File java = javaBinary(System.getProperty("java.home", ""), File.separatorChar == '\\');
        String reason = reasonNotTo(jvmArguments, System.getenv(), System.getProperty("stagehand.relaunch"),
                System.getProperty("sun.java.command"), classPath);
        if (reason != null || !java.canExecute()) {
            return;
        }
        long pid = ProcessHandle.current().pid();
        Optional<Installed> installed = Installed.beside(Path.of(classPath), Runtime.version().feature(), jvmArguments);
        List<String> command = installed.isEmpty() ? command(java.getPath(), jvmArguments, pid, classPath, args)
                : command(java.getPath(), installed.get().flags(), jvmArguments, pid, installed.get().jar().toString(), args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        childEnvironment(builder.environment());
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            System.out.println("Stagehand could not start its server JVM (" + e.getMessage() + "); it runs in this one, with the JVM's default heap");
            return;
        }
        // stdout, as the server's log: the one line that says where the server runs and why
        System.out.println("Stagehand: no heap size or collector given, so the server runs in JVM " + child.pid() + " with "
                + String.join(" ", FLAGS) + " and " + ARENAS + "=" + builder.environment().get(ARENAS) + " (this JVM " + pid
                + " waits for it); set -Xmx to choose the heap, or STAGEHAND_RELAUNCH=false to run in this JVM"
                + " (docs/operations.md, \"Memory and start-up\")"
                + installed.map(i -> "; from " + i.jar() + " with the AOT cache the build trained").orElse(""));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "stagehand-stop-server"));
        int code;
        try {
            code = child.waitFor();
        } catch (InterruptedException e) {
            code = 1;
        }
        System.exit(code);
    }

    /**
     * What the build made beside the jar on JDK 25 and newer (api/pom.xml, "aot-cache"): the jar
     * extracted into a folder of its name, with the JDK's AOT cache from the build's training run.
     * The server runs from there when this JVM reads such caches and the user chose no cache or
     * archive of their own; a cache of another JDK build is refused by the JVM with a warning, and
     * the server then starts without it.
     */
    record Installed(Path jar, List<String> flags) {

        static Optional<Installed> beside(Path jar, int javaFeature, List<String> jvmArguments) {
            String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
            boolean ownCache = jvmArguments.stream().anyMatch(a -> a.startsWith("-XX:AOTCache") || a.startsWith("-XX:SharedArchiveFile")
                    || a.startsWith("-Xshare") || a.endsWith("UseSharedSpaces"));
            if (javaFeature < 25 || ownCache || !name.endsWith(".jar")) {
                return Optional.empty();
            }
            String base = name.substring(0, name.length() - ".jar".length());
            Path folder = jar.resolveSibling(base);
            Path extracted = folder.resolve(name);
            Path cache = folder.resolve(base + ".aot");
            try {
                // a jar copied over the built one after the build no longer matches what was trained
                boolean current = Files.isRegularFile(extracted) && Files.isRegularFile(cache)
                        && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) >= 0;
                return current ? Optional.of(new Installed(extracted, List.of("-XX:AOTCache=" + cache))) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Why the server should start in this JVM, or null when it should run in a child with
     * {@link #FLAGS}. {@code jvmArguments} are this JVM's as the runtime reports them (the options
     * variables included), {@code javaCommand} is {@code sun.java.command} (the jar or main class,
     * then the arguments).
     */
    static String reasonNotTo(List<String> jvmArguments, Map<String, String> environment, String relaunchProperty,
            String javaCommand, String classPath) {
        if ("false".equalsIgnoreCase(relaunchProperty) || "false".equalsIgnoreCase(environment.get("STAGEHAND_RELAUNCH"))) {
            return "switched off";
        }
        for (String argument : jvmArguments) {
            boolean collector = argument.startsWith("-XX:+Use") && argument.endsWith("GC");
            if (collector || SIZING.stream().anyMatch(argument::startsWith)) {
                return "the heap or collector is chosen: " + argument;
            }
            if (ATTACHED.stream().anyMatch(argument::startsWith)) {
                return "a tool is attached to this JVM: " + argument;
            }
            if (argument.startsWith("-Xlog") && argument.contains("file=")) {
                return "this JVM logs to a file: " + argument;
            }
        }
        // Only the jar: a main class run from an IDE or by spring-boot:run is someone's own set-up.
        boolean jar = javaCommand != null && !classPath.isEmpty() && classPath.toLowerCase(Locale.ROOT).endsWith(".jar")
                && !classPath.contains(File.pathSeparator) && (javaCommand.equals(classPath) || javaCommand.startsWith(classPath + " "));
        return jar ? null : "not started with java -jar";
    }

    /** The child's command line: this JVM's arguments after the benchmarked flags, the same jar and arguments. */
    static List<String> command(String java, List<String> jvmArguments, long launcherPid, String jar, String[] args) {
        return command(java, List.of(), jvmArguments, launcherPid, jar, args);
    }

    /** The same, with the AOT cache's flag before this JVM's arguments, so a user's flag wins. */
    static List<String> command(String java, List<String> installedFlags, List<String> jvmArguments, long launcherPid, String jar, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(FLAGS);
        command.addAll(installedFlags);
        command.addAll(jvmArguments);
        command.add("-D" + LAUNCHER_PID + "=" + launcherPid);
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        return command;
    }

    /** The child's environment: two malloc arenas unless the user chose, and no options variable (its flags are on the command line). */
    static void childEnvironment(Map<String, String> environment) {
        OPTIONS_VARIABLES.forEach(environment::remove);
        environment.putIfAbsent(ARENAS, "2");
    }

    static File javaBinary(String javaHome, boolean windows) {
        return new File(new File(javaHome, "bin"), windows ? "java.exe" : "java");
    }

    /** On the launcher's shutdown (SIGTERM, Ctrl+C): the server stops gracefully, or is killed after a minute. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    /** In the child: a launcher killed outright (SIGKILL) leaves no server behind; it stops as on SIGTERM. */
    private static void stopWithLauncher(String launcher) {
        try {
            ProcessHandle.of(Long.parseLong(launcher)).ifPresentOrElse(
                    handle -> handle.onExit().thenRun(() -> System.exit(143)), () -> System.exit(143));
        } catch (NumberFormatException e) {
            // not a pid: not set by a launcher, nothing to watch
        }
    }
}
