package io.stagehand.runtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The C library keeps the memory the JVM's own native allocations gave back (the JIT compiler's
 * arenas above all) for later use instead of returning it, so it stays resident after a load or a
 * cold scorecard evaluation (docs/benchmarks.md, "Scorecards, eighth round"). Where the JVM can
 * trim it (the diagnostic command {@code System.trim_native_heap}, glibc, JDK 17.0.9 and later),
 * Stagehand asks it to every {@code stagehand.memory.trim-native-heap-every} (zero turns it off).
 */
@Component
class NativeHeapTrim implements DisposableBean {

    private static final Log log = LogFactory.getLog(NativeHeapTrim.class);
    private static final String OPERATION = "systemTrimNativeHeap";

    private final Duration every;
    private volatile Disposable timer;

    NativeHeapTrim(@Value("${stagehand.memory.trim-native-heap-every:PT5S}") Duration every) {
        this.every = every;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (every.isZero() || every.isNegative()) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName commands;
        try {
            commands = new ObjectName("com.sun.management:type=DiagnosticCommand");
            if (Arrays.stream(server.getMBeanInfo(commands).getOperations()).noneMatch(o -> o.getName().equals(OPERATION))) {
                log.debug("This JVM cannot trim the native heap (System.trim_native_heap)");
                return;
            }
        } catch (JMException | RuntimeException e) {
            log.debug("No diagnostic commands: " + e.getMessage());
            return;
        }
        timer = Flux.interval(every, every, Schedulers.boundedElastic()).subscribe(tick -> trim(server, commands));
    }

    /** Trims once and returns what the JVM reports (the resident size before and after). */
    static String trimOnce(MBeanServer server, ObjectName commands) throws JMException {
        return String.valueOf(server.invoke(commands, OPERATION, new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }

    /** Trims once; a failure (a platform without it) stops the timer. */
    void trim(MBeanServer server, ObjectName commands) {
        try {
            log.trace(trimOnce(server, commands));
        } catch (JMException | RuntimeException e) {
            log.debug("Native heap trim failed, not trying again: " + e.getMessage());
            destroy();
        }
    }

    @Override
    public void destroy() {
        Disposable running = timer;
        if (running != null) {
            running.dispose();
        }
    }
}
