package io.stagehand.postgres;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Whether the database was last found reachable. A failure to reach it is logged once; from then on
 * a probe asks every two seconds until it answers, which is logged once too. So a dead database
 * gives two log lines, not a stack trace per request.
 */
@Component
public class DatabaseAvailability {

    private static final Log log = LogFactory.getLog(DatabaseAvailability.class);

    private final DatabaseClient db;
    private final AtomicBoolean unavailable = new AtomicBoolean();

    public DatabaseAvailability(DatabaseClient db) {
        this.db = db;
    }

    /** Whether the database is believed unreachable now. */
    public boolean unavailable() {
        return unavailable.get();
    }

    /** Records that a request could not reach the database. */
    public void failed(Throwable e) {
        if (unavailable.compareAndSet(false, true)) {
            log.warn("The database cannot be reached; requests that need it fail with SERVICE_UNAVAILABLE until it is back: " + e.getMessage());
            db.sql("SELECT 1").then()
                    .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofSeconds(2)))
                    .doOnSuccess(ignored -> {
                        unavailable.set(false);
                        log.info("The database is reachable again");
                    })
                    .onErrorResume(error -> Mono.empty())
                    .subscribe();
        }
    }
}
