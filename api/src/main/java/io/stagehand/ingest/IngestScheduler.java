package io.stagehand.ingest;

import io.stagehand.config.StagehandProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs every source once the server is ready and then at its refresh interval. */
@Component
public class IngestScheduler {

    private final CatalogSources sources;
    private final IngestService ingest;
    private final boolean enabled;
    private final List<Disposable> schedules = new ArrayList<>();

    public IngestScheduler(CatalogSources sources, IngestService ingest, StagehandProperties properties) {
        this.sources = sources;
        this.ingest = ingest;
        this.enabled = properties.ingest().schedule();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!enabled) {
            return;
        }
        for (CatalogSource source : sources.all()) {
            schedules.add(schedule(ingest, source));
        }
    }

    /** Runs the source now and then at its refresh interval, skipping ticks while a run is in progress. */
    static Disposable schedule(IngestService ingest, CatalogSource source) {
        return Flux.interval(Duration.ZERO, source.refresh())
                .onBackpressureDrop()
                .concatMap(tick -> ingest.refresh(source.name()).onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
    }

    @jakarta.annotation.PreDestroy
    public void stop() {
        schedules.forEach(Disposable::dispose);
    }
}
