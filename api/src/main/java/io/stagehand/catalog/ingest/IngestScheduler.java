package io.stagehand.catalog.ingest;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.postgres.RunnerLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs every source once the server is ready and then at its refresh interval, on the one replica
 * that holds the source's runner lock ({@link RunnerLocks}); or, with {@code stagehand.ingest.once},
 * runs every source once and then stops the application.
 */
@Component
public class IngestScheduler {

    private static final Log log = LogFactory.getLog(IngestScheduler.class);

    private final CatalogSources sources;
    private final IngestService ingest;
    private final ConfigurableApplicationContext context;
    private final RunnerLocks locks;
    private final boolean enabled;
    private final boolean once;
    private final List<Disposable> schedules = new ArrayList<>();

    public IngestScheduler(CatalogSources sources, IngestService ingest, CatalogProperties properties,
            ConfigurableApplicationContext context, RunnerLocks locks) {
        this.sources = sources;
        this.locks = locks;
        this.ingest = ingest;
        this.context = context;
        this.enabled = properties.ingest().schedule();
        this.once = properties.ingest().once();
        if (enabled || once) {
            // files and git repositories are read while the context refresh goes on; the first run takes what was read
            // (not HTTP peers: every replica would ask them, though only one runs the source)
            sources.all().stream().filter(source -> source.sourceType() != CatalogSource.Type.BACKSTAGE
                            && source.sourceType() != CatalogSource.Type.MSGRAPH && source.sourceType() != CatalogSource.Type.GITHUB_ORG
                            && source.sourceType() != CatalogSource.Type.URL && source.sourceType() != CatalogSource.Type.GITHUB
                            && source.sourceType() != CatalogSource.Type.GITLAB)
                    .forEach(source -> ingest.readAhead(source.name()));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (once) {
            schedules.add(runOnce(ingest, sources.all()).subscribe(this::exit, e -> {
                log.error("Running every source once (stagehand.ingest.once) failed; stopping with status 1", e);
                exit(1);
            }));
            return;
        }
        if (!enabled) {
            return;
        }
        for (CatalogSource source : sources.all()) {
            schedules.add(schedule(ingest, source, locks::tryAcquire));
        }
    }

    /** Runs the source now and then at its refresh interval, skipping ticks while a run is in progress. */
    static Disposable schedule(IngestService ingest, CatalogSource source) {
        return schedule(ingest, source, name -> Mono.just(true));
    }

    /** As above, on the ticks where {@code mayRun} says this replica runs the source. */
    static Disposable schedule(IngestService ingest, CatalogSource source, Function<String, Mono<Boolean>> mayRun) {
        return Flux.interval(Duration.ZERO, source.refresh())
                .onBackpressureDrop()
                .concatMap(tick -> mayRun.apply(source.name())
                        .flatMap(runs -> runs ? ingest.refresh(source.name())
                                : Mono.<RunOutcome>fromRunnable(() -> ingest.dropReadAhead(source.name())))
                        .onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
    }

    /**
     * Runs every source once, all at the same time as at start-up, and gives the process's exit
     * status: 0 when every run succeeded, 1 when any failed.
     */
    static Mono<Integer> runOnce(IngestService ingest, List<CatalogSource> sources) {
        if (sources.isEmpty()) {
            log.warn("stagehand.ingest.once is set, but no source is configured: nothing to run");
        }
        return Flux.fromIterable(sources)
                .flatMap(source -> ingest.refresh(source.name()))
                .filter(outcome -> !outcome.succeeded())
                .map(RunOutcome::source)
                .collectList()
                .map(failed -> {
                    if (failed.isEmpty()) {
                        log.info("Every source ran once (stagehand.ingest.once); stopping");
                        return 0;
                    }
                    log.error("Sources that failed (stagehand.ingest.once): " + String.join(", ", failed) + "; stopping with status 1");
                    return 1;
                });
    }

    /** Closes the application and ends the process, off the thread that finished the last run. */
    private void exit(int status) {
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> status)), "stagehand-exit");
        // not a daemon like the reactor thread that creates it: the JVM would end with status 0 once the
        // closed context's last non-daemon thread ended, before this thread set the status
        exit.setDaemon(false);
        exit.start();
    }

    @jakarta.annotation.PreDestroy
    public void stop() {
        schedules.forEach(Disposable::dispose);
    }
}
