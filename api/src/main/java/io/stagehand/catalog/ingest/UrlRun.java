package io.stagehand.catalog.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one run may still spend on URL reads: a number of reads ({@code
 * stagehand.ingest.max-url-reads-per-run}), taken when a URL file is queued or a URL placeholder is
 * read, and a deadline (the source's refresh interval) after which no URL is asked. Spent, it fails
 * the reads left, each alone, and what they held before is kept; the run itself goes on.
 */
final class UrlRun {

    private final int maxReads;
    private final AtomicInteger left;
    private final Instant deadline;
    private final Clock clock;

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

    static String spent(int maxReads) {
        return "the run has read " + maxReads + " URLs, as many as stagehand.ingest.max-url-reads-per-run allows; what was read before is kept";
    }
}
