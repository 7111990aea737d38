package io.stagehand.catalog.ingest;

import io.stagehand.integrations.UrlReadException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run may still spend on URL reads: a number of reads ({@code
 * stagehand.ingest.max-url-reads-per-run}), taken when a URL file is queued or a URL placeholder is
 * read, and a deadline (the source's refresh interval) after which no URL is asked. Spent, it fails
 * the reads left, each alone, and what they held before is kept; the run itself goes on. It also
 * keeps, for the run, what URL placeholders read, so many entities naming one file ask for it once.
 */
final class UrlRun {

    private final int maxReads;
    private final AtomicInteger left;
    private final Instant deadline;
    private final Clock clock;
    private final Map<String, CompletableFuture<byte[]>> kept = new ConcurrentHashMap<>();
    private final AtomicLong keptBytes = new AtomicLong();

    /** What a run keeps of the files its placeholders read; past it, a file is asked again (cheaply, with its ETag). */
    static final long KEPT_BYTES = 32L * 1024 * 1024;
    /** Beyond the deadline, how long a placeholder waits for the same file another is reading (which stops at its own timeouts). */
    private static final Duration WAIT_GRACE = Duration.ofMinutes(1);

    UrlRun(int maxReads, Duration time, Clock clock) {
        this.maxReads = maxReads;
        this.left = new AtomicInteger(maxReads);
        this.clock = clock;
        this.deadline = clock.instant().plus(time);
    }

    /** Takes one read from the budget; false when none is left. */
    boolean take() {
        return left.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
    }

    int maxReads() {
        return maxReads;
    }

    /** The time left for URL reads; zero or negative once the deadline passed. */
    Duration timeLeft() {
        return Duration.between(clock.instant(), deadline);
    }

    /** Why no URL may be asked any more, or null. */
    String over() {
        Duration time = timeLeft();
        return time.isNegative() || time.isZero()
                ? "the run's time for URL reads (the source's refresh interval) is over; what was read before is kept" : null;
    }

    /** A read that may fail as reading a file fails. */
    @FunctionalInterface
    interface FileRead {
        byte[] read() throws IOException;
    }

    /**
     * The file of this identity as the first placeholder of the run to name it read it ({@code read}),
     * however many ask meanwhile or later: one request in all, unless what is kept outgrows its cap.
     */
    byte[] once(String identity, FileRead read) throws IOException {
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> first = kept.putIfAbsent(identity, mine);
        if (first != null) {
            return waitFor(first);
        }
        try {
            byte[] bytes = read.read();
            mine.complete(bytes);
            if (bytes == null || keptBytes.addAndGet(bytes.length) > KEPT_BYTES) {
                kept.remove(identity, mine);
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            kept.remove(identity, mine);
            throw e;
        }
    }

    private byte[] waitFor(CompletableFuture<byte[]> first) throws IOException {
        try {
            return first.get(Math.max(0, timeLeft().toMillis()) + WAIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UrlReadException(io.getMessage());
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new UrlReadException("the file was not read within the run's time; what was read before is kept");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrlReadException("the run was stopped");
        }
    }

    static String spent(int maxReads) {
        return "the run has read " + maxReads + " URLs, as many as stagehand.ingest.max-url-reads-per-run allows; what was read before is kept";
    }
}
