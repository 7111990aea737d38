package io.stagehand.catalog.store;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Closes the runs that a process which died (killed, out of memory, power lost) left RUNNING: their
 * transaction was rolled back with the connection, but the run record stayed, and its source looked
 * busy forever. A run belongs to a dead process when no connection carries that process's
 * application name any more, so runs of live replicas are left alone.
 */
@Component
public class AbandonedRuns {

    private static final Log log = LogFactory.getLog(AbandonedRuns.class);

    private final DatabaseClient db;

    public AbandonedRuns(DatabaseClient db) {
        this.db = db;
    }

    /** Marks every run of a dead process ABORTED, ended now; gives how many. */
    public Mono<Long> abort() {
        return db.sql("""
                        UPDATE runs SET status = 'ABORTED', finished_at = clock_timestamp(),
                            message = 'The Stagehand process running it ended before the run did; nothing it read was kept'
                        WHERE status = 'RUNNING'
                          AND (instance IS NULL OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = runs.instance))""")
                .fetch().rowsUpdated();
    }

    /** Before the schedule starts any run; a database that cannot be reached now is no reason not to start. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void abortAtStart() {
        abort().doOnNext(n -> {
            if (n > 0) {
                log.warn(n + " run(s) left RUNNING by a Stagehand process that no longer exists were marked ABORTED");
            }
        }).onErrorResume(e -> {
            log.warn("Could not look for runs left behind by a dead process: " + e.getMessage());
            return Mono.empty();
        }).block(java.time.Duration.ofSeconds(30));
    }
}
