package io.stagehand.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The build's training run for the JDK's AOT cache ({@code stagehand.training=true}, run by the
 * build with {@code -XX:AOTCacheOutput}; docs/operations.md, "Memory and start-up"). Once the
 * server is ready it waits for every source's first run and the scorecards' first evaluation,
 * then asks over HTTP what clients ask (the queries of {@code training/queries.graphql}, several
 * rounds so the JIT's profiles are those of a serving server), and stops the application. So the
 * cache holds the classes and profiles of ingestion, evaluation and serving, not only of the start.
 */
@Component
class TrainingRun {

    private static final Log log = LogFactory.getLog(TrainingRun.class);
    private static final Pattern OPERATION = Pattern.compile("(?m)^query (\\w+)");
    /** What the run waits for: every source ran and some scorecard result exists. */
    private static final String PROGRESS = "{ sources { name lastSuccessAt } scorecardResults(first: 1) { totalCount } }";
    private static final int ROUNDS = 30;
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final boolean enabled;
    private final WebClient.Builder webClients;
    private final ConfigurableApplicationContext context;

    TrainingRun(@Value("${stagehand.training:false}") boolean enabled, WebClient.Builder webClients,
            ConfigurableApplicationContext context) {
        this.enabled = enabled;
        this.webClients = webClients;
        this.context = context;
    }

    @EventListener(ApplicationReadyEvent.class)
    void train() {
        if (!enabled) {
            return;
        }
        int port = context.getEnvironment().getProperty("local.server.port", Integer.class, 0);
        WebClient client = webClients.clone().baseUrl("http://localhost:" + port).build();
        String document = document();
        List<String> operations = operations(document);
        log.info("Training run: waiting for the sources and the scorecards, then " + ROUNDS + " rounds of " + operations);
        waitForCatalog(client)
                .then(Flux.range(0, ROUNDS)
                        .concatMap(round -> Flux.fromIterable(operations).concatMap(name -> ask(client, document, name)))
                        .then(client.get().uri("/graphiql").retrieve().toBodilessEntity()))
                .timeout(PATIENCE)
                .subscribe(done -> exit(0), e -> {
                    log.error("Training run failed; stopping with status 1", e);
                    exit(1);
                });
    }

    /** Polls until every source has succeeded once and the scorecards have written results. */
    private static Mono<Void> waitForCatalog(WebClient client) {
        return Mono.defer(() -> post(client, Map.of("query", PROGRESS)))
                .filter(TrainingRun::catalogReady)
                .repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(250)))
                .then();
    }

    @SuppressWarnings("unchecked")
    private static boolean catalogReady(Map<String, Object> answer) {
        Map<String, Object> data = (Map<String, Object>) answer.get("data");
        if (data == null) {
            return false;
        }
        List<Map<String, Object>> sources = (List<Map<String, Object>>) data.get("sources");
        Map<String, Object> results = (Map<String, Object>) data.get("scorecardResults");
        return sources != null && sources.stream().allMatch(s -> s.get("lastSuccessAt") != null)
                && results != null && ((Number) results.get("totalCount")).intValue() > 0;
    }

    private static Mono<Map<String, Object>> ask(WebClient client, String document, String operation) {
        return post(client, Map.of("query", document, "operationName", operation)).doOnNext(answer -> {
            if (answer.get("errors") != null) {
                throw new IllegalStateException("the training query " + operation + " failed: " + answer.get("errors"));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Mono<Map<String, Object>> post(WebClient client, Map<String, Object> body) {
        return client.post().uri("/graphql").bodyValue(body).retrieve().bodyToMono(Map.class).map(map -> (Map<String, Object>) map);
    }

    static List<String> operations(String document) {
        List<String> names = new ArrayList<>();
        Matcher matcher = OPERATION.matcher(document);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String document() {
        try {
            return new ClassPathResource("training/queries.graphql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the application and ends the process, off the reactor thread that finished the training. */
    private void exit(int status) {
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> status)), "stagehand-training-exit");
        exit.setDaemon(false);
        exit.start();
    }
}
