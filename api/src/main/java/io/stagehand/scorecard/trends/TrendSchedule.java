package io.stagehand.scorecard.trends;

import io.stagehand.postgres.RunnerLocks;
import io.stagehand.scorecard.ScorecardProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takes today's snapshot every {@code stagehand.scorecards.trends.every} while scorecards follow the
 * catalog by themselves ({@code stagehand.scorecards.schedule}), on the one replica holding the lock
 * named {@value #LOCK}. Each time replaces the day's rows, so a day keeps its last state and a day
 * missed by a restart is only as late as the next tick.
 */
@Component
class TrendSchedule {

    static final String LOCK = "stagehand:scorecard-trends";
    private static final java.time.Duration FIRST = java.time.Duration.ofMinutes(1);
    private static final Log log = LogFactory.getLog(TrendSchedule.class);

    private final TrendSnapshots snapshots;
    private final RunnerLocks locks;
    private final ScorecardProperties properties;
    private volatile Disposable running;

    TrendSchedule(TrendSnapshots snapshots, RunnerLocks locks, ScorecardProperties properties) {
        this.snapshots = snapshots;
        this.locks = locks;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!properties.schedule() || running != null) {
            return;
        }
        // soon after a start, not an interval later: replicas restarted more often than that would never take one
        running = Flux.interval(FIRST, properties.trends().every())
                .onBackpressureDrop()
                .concatMap(tick -> locks.tryAcquire(LOCK)
                        .flatMap(held -> held ? snapshots.take(snapshots.today()) : Mono.<TrendSnapshots.Snapshot>empty())
                        .onErrorResume(e -> {
                            log.warn("Scorecard trends: the day's snapshot failed and is taken again in " + properties.trends().every()
                                    + ": " + e.getMessage());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
    }
}
