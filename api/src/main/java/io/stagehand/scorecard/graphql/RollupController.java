package io.stagehand.scorecard.graphql;

import io.stagehand.graphql.Paging;
import io.stagehand.scorecard.graphql.Views.EntityScorecardView;
import io.stagehand.scorecard.graphql.Views.ResultFilter;
import io.stagehand.scorecard.graphql.Views.RollupView;
import io.stagehand.scorecard.store.Rollups;
import io.stagehand.scorecard.store.ScorecardQueries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Roll-ups in the schema: {@code scorecardSummary}, the roll-ups of groups, systems and domains,
 * and each roll-up's failing criticals, the last two through DataLoaders, so a page of groups with
 * their roll-ups costs the same few statements as one group.
 */
@Controller
class RollupController {

    static final String ROLLUPS = "scorecardRollups";
    static final String FAILING = "scorecardRollupFailingCritical";

    /** A roll-up's failing criticals, at most {@code first}. */
    record FailingKey(ResultFilter filter, int first) {
    }

    private final Rollups rollups;
    private final Paging paging;

    RollupController(Rollups rollups, ScorecardQueries queries, BatchLoaderRegistry registry, Paging paging) {
        this.rollups = rollups;
        this.paging = paging;
        registry.<ResultFilter, List<RollupView>>forName(ROLLUPS).registerMappedBatchLoader((keys, env) -> {
            List<ResultFilter> filters = List.copyOf(keys);
            return rollups.of(filters).map(found -> zip(filters, found));
        });
        registry.<FailingKey, List<EntityScorecardView>>forName(FAILING).registerMappedBatchLoader((keys, env) ->
                Flux.fromIterable(keys.stream().collect(Collectors.groupingBy(FailingKey::first)).entrySet())
                        .concatMap(byFirst -> {
                            List<FailingKey> group = byFirst.getValue();
                            return queries.failingCritical(group.stream().map(FailingKey::filter).toList(), byFirst.getKey())
                                    .map(found -> zip(group, found));
                        })
                        .reduce(new HashMap<>(), (all, part) -> {
                            all.putAll(part);
                            return all;
                        }));
    }

    private static <K, V> Map<K, V> zip(List<K> keys, List<V> values) {
        Map<K, V> byKey = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byKey.put(keys.get(i), values.get(i));
        }
        return byKey;
    }

    @QueryMapping
    Mono<RollupView> scorecardSummary(@Argument String scorecard, @Argument ResultFilter filter) {
        ResultFilter f = (filter == null ? ResultFilter.ofScorecard(scorecard) : filter).withScorecard(scorecard);
        return rollups.of(List.of(f)).map(found -> found.get(0).get(0));
    }
}
