package io.stagehand.postgres;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Starts the embedded PostgreSQL again when it dies under a running server (killed, or out of
 * memory): every two seconds its postmaster is looked for. A managed database is its operator's
 * business; this one is Stagehand's.
 */
@Component
@ConditionalOnProperty("stagehand.embedded.active")
class EmbeddedPostgresWatchdog implements DisposableBean {

    private static final Log log = LogFactory.getLog(EmbeddedPostgresWatchdog.class);

    private final Path dataDir;

    private Disposable watch;

    /** Only its own server: other contexts of the same JVM (tests) watch theirs. */
    EmbeddedPostgresWatchdog(@Value("${stagehand.embedded.active-data-dir}") String dataDir) {
        this.dataDir = Path.of(dataDir);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        watch = Flux.interval(Duration.ofSeconds(2), Duration.ofSeconds(2), Schedulers.boundedElastic())
                .subscribe(tick -> EmbeddedPostgresEnvironment.restartDead(dataDir, log));
    }

    @Override
    public void destroy() {
        if (watch != null) {
            watch.dispose();
        }
    }
}
