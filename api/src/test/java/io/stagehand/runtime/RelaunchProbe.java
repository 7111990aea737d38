package io.stagehand.runtime;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A stand-in for the server's main method, run as a jar by {@link RelaunchProcessTests}: says which JVM it runs in and how. */
public final class RelaunchProbe {

    public static void main(String[] args) throws InterruptedException {
        Relaunch.ifUnsized(args);
        long pid = ProcessHandle.current().pid();
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).map(name -> name.replace(' ', '_'))
                .collect(Collectors.joining(","));
        System.out.println("probe pid=" + pid + " launcher=" + System.getProperty(Relaunch.LAUNCHER_PID) + " heapMb="
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " gc=" + collectors + " arenas=" + System.getenv("MALLOC_ARENA_MAX")
                + " prop=" + System.getProperty("probe.prop") + " tool=" + System.getProperty("probe.tool") + " toolVariable="
                + System.getenv("JAVA_TOOL_OPTIONS") + " args=" + Arrays.toString(args));
        if (args[0].equals("exit")) {
            System.exit(Integer.parseInt(args[1]));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("probe stopped gracefully pid=" + pid)));
        System.out.println("probe ready pid=" + pid);
        Thread.sleep(Long.MAX_VALUE);
    }
}
