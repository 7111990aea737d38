package io.stagehand.catalog.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagehand.catalog.store.CatalogWriter;
import io.stagehand.catalog.store.RunCounts;
import io.stagehand.catalog.store.RunRecords;
import io.stagehand.http.Redaction;
import io.stagehand.model.ReadResult;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Subscription;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs sources: reads a complete snapshot of the source (files and git through the
 * {@link CatalogReader} on a worker thread, in parts, Backstage over HTTP) and hands it to the
 * store as it arrives. At most one run per source is in flight; asking for another
 * while one runs joins it.
 */
@NamedInterface("sources")
@Service
public class IngestService {

    private static final Log log = LogFactory.getLog(IngestService.class);
    /** What a read started ahead of its run may hold until the run takes it: bounded, so a large catalog is not held whole. */
    private static final int READ_AHEAD_PARTS = 16;

    private final CatalogSources sources;
    private final CatalogWriter writer;
    private final RunRecords records;
    private final MeterRegistry meters;
    private final Map<String, Mono<RunOutcome>> inFlight = new ConcurrentHashMap<>();
    private final Sinks.Many<RunOutcome> completed = Sinks.many().multicast().directBestEffort();
    private final Map<String, ReadAhead> readAhead = new ConcurrentHashMap<>();

    public IngestService(CatalogSources sources, CatalogWriter writer, RunRecords records, MeterRegistry meters) {
        this.sources = sources;
        this.writer = writer;
        this.records = records;
        this.meters = meters;
    }

    /** Runs as they end; hot, so late subscribers see only later runs. */
    public Flux<RunOutcome> completedRuns() {
        return completed.asFlux();
    }

    /** How many subscribers listen to {@link #completedRuns()} now. */
    public int runSubscribers() {
        return completed.currentSubscriberCount();
    }

    /**
     * Starts reading the named source now, before its next run, so its files are read and parsed
     * while the rest of the server starts; the next run without confirmation takes what was read
     * and goes on from there. Holds a few parts until then; {@link #dropReadAhead} lets them go.
     */
    public void readAhead(String name) {
        sources.find(name).ifPresent(source -> readAhead.computeIfAbsent(name, n -> {
            ReadAhead ahead = new ReadAhead();
            source.read(true).subscribe(ahead);
            return ahead;
        }));
    }

    /** Stops a read started ahead (this replica does not run the source), if there is one. */
    public void dropReadAhead(String name) {
        ReadAhead ahead = readAhead.remove(name);
        if (ahead != null) {
            ahead.dispose();
        }
    }

    /** The read started ahead for this source, taken once by a run without confirmation, or a new read. */
    private Flux<ReadResult> read(CatalogSource source, boolean skipUnchanged, boolean confirmDeletions) {
        // a confirmation applies to a read made after it
        ReadAhead ahead = skipUnchanged && !confirmDeletions ? readAhead.remove(source.name()) : null;
        return ahead == null ? source.read(skipUnchanged) : ahead.take();
    }

    /**
     * A read that runs ahead of its consumer by at most {@link #READ_AHEAD_PARTS} parts: they wait,
     * with the read's end or error, in a sink for the one run that takes them.
     */
    private static final class ReadAhead extends BaseSubscriber<ReadResult> {

        private final Sinks.Many<ReadResult> parts = Sinks.many().unicast().onBackpressureBuffer();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(READ_AHEAD_PARTS);
        }

        @Override
        protected void hookOnNext(ReadResult part) {
            if (parts.tryEmitNext(part).isFailure()) {
                dispose();
            }
        }

        @Override
        protected void hookOnComplete() {
            parts.tryEmitComplete();
        }

        @Override
        protected void hookOnError(Throwable error) {
            parts.tryEmitError(error);
        }

        /** The parts, read and still to read; each one the run takes lets the read go one further. */
        Flux<ReadResult> take() {
            return parts.asFlux().doOnNext(part -> request(1)).doOnCancel(this::dispose);
        }
    }

    public boolean isRunning(String name) {
        return inFlight.containsKey(name);
    }

    /** Runs the named source now, or joins its run in progress. */
    public Mono<RunOutcome> refresh(String name) {
        return refresh(name, false);
    }

    /**
     * Runs the named source now. With {@code confirmDeletions}, the run may delete more than
     * {@code stagehand.ingest.max-delete-ratio} of the source's entities, if it reads every file
     * cleanly; a run already in progress is waited for and then a confirmed one starts, since the
     * confirmation must apply to a read made after it.
     */
    public Mono<RunOutcome> refresh(String name, boolean confirmDeletions) {
        CatalogSource source = sources.find(name).orElseThrow(() -> new NoSuchElementException("No source named \"" + name + "\""));
        if (confirmDeletions) {
            Mono<RunOutcome> running = inFlight.getOrDefault(name, Mono.empty());
            return running.onErrorResume(e -> Mono.empty()).then(Mono.defer(() -> start(source, true)));
        }
        return start(source, false);
    }

    private Mono<RunOutcome> start(CatalogSource source, boolean confirmDeletions) {
        String name = source.name();
        // doOnTerminate runs before subscribers see the outcome, so a refresh asked right after
        // one completes starts a new run instead of joining the finished one.
        // onTerminateDetach: a finished run's operators let go of what it read, although whoever
        // subscribed (the schedule, until its next tick) still holds the subscription.
        return inFlight.computeIfAbsent(name, n -> run(source, confirmDeletions)
                .doOnTerminate(() -> inFlight.remove(n))
                .onTerminateDetach()
                .cache());
    }

    private Mono<RunOutcome> run(CatalogSource source, boolean confirmDeletions) {
        long started = System.nanoTime();
        long[] readAt = new long[1];
        CatalogWriter.RunTarget target = new CatalogWriter.RunTarget(source.name(), source.target(), confirmDeletions);
        // The source is written while it is read; readAt is when its last part arrived.
        BiFunction<Long, Boolean, Mono<RunCounts>> readAndWrite = (runId, skipUnchanged) -> writer.apply(target, runId,
                read(source, skipUnchanged, confirmDeletions).doOnComplete(() -> readAt[0] = System.nanoTime()));
        return records.startRun(source.name()).flatMap(runId -> readAndWrite.apply(runId, true)
                .onErrorResume(CatalogWriter.UnreadEntityException.class, e -> {
                    log.info("Source " + source.name() + ": " + e.getMessage() + "; reading every file again");
                    return readAndWrite.apply(runId, false);
                })
                .map(counts -> new RunOutcome(source.name(), runId, true, counts, null, millisSince(started),
                        (readAt[0] - started) / 1_000_000))
                .onErrorResume(e -> {
                    String message = "Could not read source \"" + source.name() + "\" (" + source.target() + "): " + describe(e);
                    return records.failRun(runId, source.name(), source.target(), message)
                            .thenReturn(new RunOutcome(source.name(), runId, false, null, message, millisSince(started), 0));
                }))
                .doOnNext(this::record);
    }

    private void record(RunOutcome outcome) {
        Timer.builder("stagehand.ingest.runs").description("Source runs, by source and outcome")
                .tag("source", outcome.source()).tag("outcome", outcome.succeeded() ? "succeeded" : "failed")
                .register(meters).record(Duration.ofMillis(outcome.millis()));
        if (outcome.succeeded()) {
            var c = outcome.counts();
            count(outcome.source(), "created", c.created());
            count(outcome.source(), "updated", c.updated());
            count(outcome.source(), "deleted", c.deleted());
            meters.counter("stagehand.ingest.errors", "source", outcome.source()).increment(c.failed());
        }
        logOutcome(outcome);
        completed.emitNext(outcome, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    private void count(String source, String change, int n) {
        meters.counter("stagehand.ingest.entities", "source", source, "change", change).increment(n);
    }

    private static void logOutcome(RunOutcome outcome) {
        if (outcome.succeeded()) {
            var c = outcome.counts();
            log.info(String.format("Source %s: run %d done in %d ms (reading ended after %d ms, writing %d ms later): %d files/pages, %d entities read,"
                    + " %d created, %d updated, %d deleted, %d errors", outcome.source(), outcome.runId(), outcome.millis(),
                    outcome.readMillis(), outcome.millis() - outcome.readMillis(), c.filesRead(), c.entitiesRead(), c.created(),
                    c.updated(), c.deleted(), c.failed()));
        } else {
            log.warn("Source " + outcome.source() + ": run " + outcome.runId() + " failed, nothing was deleted: " + outcome.message());
        }
    }

    private static String describe(Throwable e) {
        String message = Redaction.redact(e.getMessage());
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
