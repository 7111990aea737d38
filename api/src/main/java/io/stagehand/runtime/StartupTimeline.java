package io.stagehand.runtime;

import io.stagehand.postgres.EmbeddedPostgresEnvironment;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.context.ApplicationListener;

/**
 * Where a start's time goes: with {@code --stagehand.startup-timeline=true} (or the system property,
 * or {@code STAGEHAND_STARTUP_TIMELINE=true}) Spring records its start-up steps and, once the server
 * is ready, one log entry gives the phases in milliseconds from the JVM's start and the slowest beans.
 * Off by default: recording every bean costs a little time and memory.
 */
public final class StartupTimeline implements ApplicationListener<ApplicationReadyEvent> {

    private static final Log log = LogFactory.getLog(StartupTimeline.class);
    private static final String FLAG = "stagehand.startup-timeline";
    private static final Set<String> PHASES = Set.of("spring.boot.application.starting", "spring.boot.application.environment-prepared",
            "spring.boot.application.context-prepared", "spring.boot.application.context-loaded", "spring.context.refresh",
            "spring.context.beans.post-process", "spring.boot.webserver.create", "spring.boot.application.started",
            "spring.boot.application.ready");

    private final BufferingApplicationStartup startup;

    private StartupTimeline(BufferingApplicationStartup startup) {
        this.startup = startup;
    }

    /** Records the start of {@code application} when asked to by its arguments, a system property or the environment. */
    public static void installIfAsked(SpringApplication application, String[] args) {
        boolean asked = Boolean.getBoolean(FLAG) || "true".equalsIgnoreCase(System.getenv("STAGEHAND_STARTUP_TIMELINE"))
                || List.of(args).contains("--" + FLAG + "=true");
        if (asked) {
            BufferingApplicationStartup startup = new BufferingApplicationStartup(50_000);
            application.setApplicationStartup(startup);
            application.addListeners(new StartupTimeline(startup));
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        List<TimelineEvent> events = startup.getBufferedTimeline().getEvents();
        String phases = events.stream().filter(e -> PHASES.contains(e.getStartupStep().getName()))
                .sorted(Comparator.comparing(TimelineEvent::getStartTime))
                .map(e -> "  " + e.getStartupStep().getName() + ": " + since(jvmStart, e.getStartTime()) + " to "
                        + since(jvmStart, e.getEndTime()) + " ms (" + e.getDuration().toMillis() + " ms)")
                .collect(Collectors.joining("\n"));
        String beans = events.stream().filter(e -> e.getStartupStep().getName().equals("spring.beans.instantiate"))
                .sorted(Comparator.comparing(TimelineEvent::getDuration).reversed()).limit(12)
                .map(e -> "  " + tag(e, "beanName") + ": " + e.getDuration().toMillis() + " ms (from " + since(jvmStart, e.getStartTime()) + " ms)")
                .collect(Collectors.joining("\n"));
        log.info("Startup timeline (ms from the JVM's start; ready at " + since(jvmStart, Instant.now()) + " ms; waited "
                + EmbeddedPostgresEnvironment.waitedMillis() + " ms for the embedded PostgreSQL; "
                + ManagementFactory.getRuntimeMXBean().getUptime() + " ms up):\n" + phases
                + "\n slowest beans (each includes the beans it needed):\n" + beans);
    }

    private static long since(long jvmStart, Instant instant) {
        return instant.toEpochMilli() - jvmStart;
    }

    private static String tag(TimelineEvent event, String key) {
        return StreamSupport.stream(event.getStartupStep().getTags().spliterator(), false)
                .filter(t -> t.getKey().equals(key)).map(t -> t.getValue()).findFirst().orElse("?");
    }
}
