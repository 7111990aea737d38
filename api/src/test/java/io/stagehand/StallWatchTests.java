package io.stagehand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/**
 * The watch on test requests writes up a request that stays unanswered, and only then; a stalled
 * GET is asked once more, anything else is waited for.
 */
class StallWatchTests {

    @TempDir
    Path folder;

    @Test
    void aStalledGetIsWrittenUpAndAskedAgain() throws IOException {
        ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create("http://localhost:9/stalled")).build();
        AtomicInteger asked = new AtomicInteger();
        ClientResponse answer = ClientResponse.create(HttpStatus.OK).build();
        ClientResponse response = StallWatch.watch(Duration.ofMillis(50), folder)
                .filter(request, r -> asked.incrementAndGet() == 1 ? Mono.never() : Mono.just(answer)).block(Duration.ofSeconds(20));
        assertThat(response).isSameAs(answer);
        assertThat(asked).hasValue(2);
        List<Path> dumps = files();
        assertThat(dumps).hasSize(1);
        String dump = Files.readString(dumps.get(0));
        assertThat(dump).startsWith("STALL: GET http://localhost:9/stalled unanswered after 50 ms")
                .contains("The same GET on a new connection failed after");
        // every thread, with its whole stack: this test's own thread is waiting in block()
        assertThat(dump).contains("\"" + Thread.currentThread().getName() + "\"").contains("reactor.core.publisher.BlockingSingleSubscriber.blockingGet");
    }

    @Test
    void aStalledPostIsWrittenUpAndWaitedFor() throws IOException {
        ClientRequest request = ClientRequest.create(HttpMethod.POST, URI.create("http://localhost:9/slow")).build();
        AtomicInteger asked = new AtomicInteger();
        ClientResponse answer = ClientResponse.create(HttpStatus.OK).build();
        ClientResponse response = StallWatch.watch(Duration.ofMillis(50), folder)
                .filter(request, r -> Mono.just(answer).delayElement(Duration.ofMillis(1500)).doOnSubscribe(s -> asked.incrementAndGet()))
                .block(Duration.ofSeconds(20));
        assertThat(response).isSameAs(answer);
        assertThat(asked).as("a POST is not repeated").hasValue(1);
        assertThat(files()).hasSize(1);
        assertThat(Files.readString(files().get(0))).startsWith("STALL: POST http://localhost:9/slow unanswered after 50 ms");
    }

    @Test
    void anAnsweredRequestLeavesNothing() throws Exception {
        ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create("http://localhost/quick")).build();
        ClientResponse answer = ClientResponse.create(HttpStatus.OK).build();
        StallWatch.watch(Duration.ofSeconds(1), folder).filter(request, r -> Mono.just(answer)).block();
        Thread.sleep(1500);
        assertThat(files()).isEmpty();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
