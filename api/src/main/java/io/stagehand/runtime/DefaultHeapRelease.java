package io.stagehand.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A server started with the JVM's default flags ({@code java -jar}) runs G1 with a heap limit of a
 * quarter of the machine's memory, grows its heap under a query load (several GB on a large machine)
 * and keeps it. Started so, Stagehand asks G1 to collect every 30 s when idle and to give back what
 * it then holds beyond 30 % free: the memory returns after a load (the peak is the flags' business:
 * docs/operations.md, "Memory and start-up"). A heap or collector chosen on the command line is left alone.
 */
@Component
class DefaultHeapRelease {

    private static final Log log = LogFactory.getLog(DefaultHeapRelease.class);

    /** The flags that say someone sized the heap or chose its policy. */
    private static final List<String> SIZED = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAM", "-XX:MaxRAMPercentage",
            "-XX:MaxRAMFraction", "-XX:MaxHeapFreeRatio", "-XX:G1PeriodicGCInterval");

    @EventListener(ApplicationReadyEvent.class)
    void releaseMemoryAfterLoads() {
        List<String> gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
        if (!applies(ManagementFactory.getRuntimeMXBean().getInputArguments(), gcs)) {
            return;
        }
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        try {
            // the minimum first: the JVM refuses a maximum below the current minimum (40)
            vm.setVMOption("MinHeapFreeRatio", "10");
            vm.setVMOption("MaxHeapFreeRatio", "30");
            vm.setVMOption("G1PeriodicGCInterval", "30000");
            log.info("The JVM sized the heap itself (no -Xmx): G1 gives memory back 30 s after a load;"
                    + " docs/operations.md (Memory and start-up) has the flags that keep the peak low too");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.debug("Could not set G1's periodic collection: " + e.getMessage());
        }
    }

    /** Whether the JVM runs G1 with a heap nobody sized on the command line (nor in JAVA_TOOL_OPTIONS, which lands there too). */
    static boolean applies(List<String> jvmArguments, List<String> collectors) {
        boolean g1 = collectors.stream().anyMatch(name -> name.startsWith("G1"));
        return g1 && jvmArguments.stream().noneMatch(argument -> SIZED.stream().anyMatch(argument::startsWith));
    }
}
