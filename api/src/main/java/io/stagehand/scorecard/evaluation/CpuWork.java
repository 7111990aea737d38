package io.stagehand.scorecard.evaluation;

import io.stagehand.graphql.ResourceExhaustedException;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where CPU work that a request brings (a dry run's rules and regular expressions over the
 * entities it names) runs: a few threads with a bounded queue, never a Netty or R2DBC event loop,
 * which would stall every other request meanwhile. Past the queue, the request is refused with
 * {@link ResourceExhaustedException} rather than piling up.
 */
final class CpuWork implements AutoCloseable {

    private final Scheduler scheduler;
    private final String what;

    CpuWork(int threads, int queue, String what) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queue, "stagehand-" + what, 60, true);
        this.what = what;
    }

    <T> Mono<T> run(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler).onErrorMap(RejectedExecutionException.class,
                e -> new ResourceExhaustedException("Too many " + what + "s at once; try again shortly"));
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
