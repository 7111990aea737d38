package io.stagehand.scorecard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.graphql.ResourceExhaustedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** CPU work from requests (dry runs) runs on its own bounded workers, and past their queue is refused, not piled up. */
class CpuWorkTests {

    @Test
    void workRunsOffTheCallersThreadAndPastTheQueueIsRefusedAsResourceExhausted() throws Exception {
        try (CpuWork work = new CpuWork(1, 1, "dry run")) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            Mono<String> busy = work.run(() -> {
                started.countDown();
                release.await(10, TimeUnit.SECONDS);
                return Thread.currentThread().getName();
            }).cache();
            busy.subscribe();
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            Mono<String> queued = work.run(() -> "queued").cache();
            queued.subscribe();

            StepVerifier.create(work.run(() -> "one too many"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ResourceExhaustedException.class)
                            .hasMessage("Too many dry runs at once; try again shortly"))
                    .verify(Duration.ofSeconds(5));

            release.countDown();
            String caller = Thread.currentThread().getName();
            StepVerifier.create(busy)
                    .assertNext(worker -> assertThat(worker).startsWith("stagehand-dry run").isNotEqualTo(caller))
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
            StepVerifier.create(queued).expectNext("queued").expectComplete().verify(Duration.ofSeconds(5));
        }
    }
}
