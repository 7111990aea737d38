package io.stagehand.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;


class ConcurrencyLimitTests {

    private final ConcurrencyLimit limit = new ConcurrencyLimit(2);
    private final AtomicInteger started = new AtomicInteger();
    private final List<Sinks.One<String>> works = new ArrayList<>();

    private Disposable submit(List<String> results) {
        Sinks.One<String> work = Sinks.one();
        works.add(work);
        return limit.run(() -> {
            started.incrementAndGet();
            return work.asMono();
        }).subscribe(results::add, error -> { });
    }

    @Test
    void atMostTheLimitRunsAndTheNextStartsWhenOneEnds() {
        List<String> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            submit(results);
        }
        assertThat(started).hasValue(2);
        works.get(0).tryEmitValue("first");
        assertThat(results).containsExactly("first");
        assertThat(started).hasValue(3);
        works.get(1).tryEmitError(new IllegalStateException("failed"));
        assertThat(started).hasValue(4);
        assertThat(limit.running()).isEqualTo(2);
    }

    @Test
    void aCancelledWaiterOrRunnerGivesItsPlaceUp() {
        List<String> results = new ArrayList<>();
        Disposable running = submit(results);
        submit(results);
        Disposable waiting = submit(results);
        submit(results);
        waiting.dispose();
        assertThat(started).hasValue(2);
        running.dispose();
        assertThat(started).as("the cancelled waiter is skipped, the next one starts").hasValue(3);
        assertThat(limit.running()).isEqualTo(2);
        works.get(1).tryEmitValue("b");
        works.get(3).tryEmitValue("d");
        assertThat(limit.running()).isZero();
        assertThat(results).containsExactly("b", "d");
        StepVerifier.create(Mono.just(1).as(m -> limit.run(() -> m))).expectNext(1).expectComplete().verify(Duration.ofSeconds(10));
    }
}
