package io.stagehand;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Catches the rare stalled request of full test runs in the act (docs/development.md, "Known
 * problems"): a test request still unanswered after {@link #PATIENCE} is written up, every thread
 * with its whole stack and whether the same GET on a new connection answers, to the console and to
 * {@code target/stalls/}. A stalled GET is then asked once more, since the stall is not what any
 * test is about; other methods are not repeated, as they may change something.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StallWatch {

    static final Duration PATIENCE = Duration.ofSeconds(10);

    @Bean
    WebTestClientBuilderCustomizer stallWatchFilter() {
        return builder -> builder.filter(watch(PATIENCE, Path.of("target/stalls")));
    }

    static ExchangeFilterFunction watch(Duration patience, Path folder) {
        return (request, next) -> {
            // the report blocks (a thread dump, a probe): never on a Reactor thread of the tests' own
            if (!HttpMethod.GET.equals(request.method())) {
                return Mono.defer(() -> {
                    Disposable alarm = Mono.delay(patience, Schedulers.boundedElastic())
                            .subscribe(tick -> report(request, patience, folder, false));
                    return next.exchange(request).doFinally(signal -> alarm.dispose());
                });
            }
            return next.exchange(request).timeout(patience, Mono.defer(() -> {
                report(request, patience, folder, true);
                return next.exchange(request);
            }), Schedulers.boundedElastic());
        };
    }

    private static void report(ClientRequest request, Duration patience, Path folder, boolean retried) {
        StringBuilder text = new StringBuilder("STALL: ").append(request.method()).append(' ').append(request.url())
                .append(" unanswered after ").append(patience.toMillis()).append(" ms, at ").append(Instant.now())
                .append(retried ? "; asked again" : "").append('\n');
        if (retried) {
            text.append(probe(request)).append('\n');
        }
        text.append("All threads:\n");
        // ThreadInfo.toString() stops at eight frames: too few to see who holds an event loop.
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            text.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                text.append(" on ").append(info.getLockName()).append(" owned by ").append(info.getLockOwnerName());
            }
            text.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                text.append("    at ").append(frame).append('\n');
            }
        }
        System.err.println(text);
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("stall-" + System.currentTimeMillis() + ".txt"), text);
        } catch (Exception e) {
            System.err.println("STALL report not written to " + folder + ": " + e);
        }
    }

    /** The same GET on a connection of its own: tells a stuck connection from a stuck server. */
    private static String probe(ClientRequest request) {
        long start = System.nanoTime();
        // a client of its own, so nothing is shared with the stalled one (not closeable on the JDK 17 the build targets)
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpRequest.Builder probe = HttpRequest.newBuilder(request.url()).timeout(Duration.ofSeconds(5)).GET();
            String authorization = request.headers().getFirst(HttpHeaders.AUTHORIZATION);
            if (authorization != null) {
                probe.header(HttpHeaders.AUTHORIZATION, authorization);
            }
            int status = client.send(probe.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return "The same GET on a new connection answered " + status + " in " + (System.nanoTime() - start) / 1_000_000 + " ms";
        } catch (Exception e) {
            return "The same GET on a new connection failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e;
        }
    }
}
