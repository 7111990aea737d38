package io.stagehand.scorecard.graphql;

import graphql.scalars.ExtendedScalars;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.stagehand.catalog.graphql.EntityView;
import io.stagehand.graphql.Fetchers;
import io.stagehand.graphql.Loaders;
import io.stagehand.graphql.Paging;
import io.stagehand.scorecard.graphql.RollupController.FailingKey;
import io.stagehand.scorecard.graphql.ScorecardController.EntityResultsKey;
import io.stagehand.scorecard.graphql.Views.EntityScorecardView;
import io.stagehand.scorecard.graphql.Views.ResultFilter;
import io.stagehand.scorecard.graphql.Views.RollupView;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.core.ResolvableType;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The scorecard fields of other types, each handed to a DataLoader so that a page of parents costs
 * one statement per field: an entity's scorecards, a result's entity, the roll-ups of groups,
 * systems and domains, and a roll-up's failing entities.
 */
@Component
class ScorecardWiring implements RuntimeWiringConfigurer {

    private static final ResolvableType RESULTS = ResolvableType.forClassWithGenerics(List.class, EntityScorecardView.class);
    private static final ResolvableType ROLLUPS = ResolvableType.forClassWithGenerics(List.class, RollupView.class);

    private final Paging paging;

    ScorecardWiring(Paging paging) {
        this.paging = paging;
    }

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        // only the scorecard trends use dates so far
        wiring.scalar(ExtendedScalars.Date);
        for (String type : EntityView.TYPES) {
            wiring.type(type, builder -> builder.dataFetcher("scorecards", Fetchers.loaded("ScorecardWiring.scorecards", RESULTS, env -> {
                EntityView entity = env.getSource();
                return env.<EntityResultsKey, List<EntityScorecardView>>getDataLoader(ScorecardController.RESULTS)
                        .load(new EntityResultsKey(entity.key(), env.getArgument("name")));
            })));
        }
        wiring.type("EntityScorecard", builder -> builder.dataFetcher("entity",
                Fetchers.loaded("ScorecardWiring.entity", ResolvableType.forClass(EntityView.class), env -> {
                    EntityScorecardView result = env.getSource();
                    return env.<String, Object>getDataLoader(Loaders.ENTITY_BY_KEY).load(result.key());
                })));
        wiring.type("Group", builder -> builder.dataFetcher("scorecardRollups", rollups(env -> {
            EntityView group = env.getSource();
            return ResultFilter.ofOwner(group.key(), env.getArgument("includeSubgroups"));
        })));
        wiring.type("System", builder -> builder.dataFetcher("scorecardRollups", rollups(env -> ResultFilter.ofSystem(key(env)))));
        wiring.type("Domain", builder -> builder.dataFetcher("scorecardRollups", rollups(env -> ResultFilter.ofDomain(key(env)))));
        wiring.type("ScorecardRollup", builder -> builder.dataFetcher("failingCritical",
                Fetchers.loaded("ScorecardWiring.failingCritical", RESULTS, env -> {
                    RollupView rollup = env.getSource();
                    return env.<FailingKey, List<EntityScorecardView>>getDataLoader(RollupController.FAILING)
                            .load(new FailingKey(rollup.filter(), paging.first(env.getArgument("first"), 100)));
                })));
    }

    private static String key(graphql.schema.DataFetchingEnvironment env) {
        return env.<EntityView>getSource().key();
    }

    /** The roll-ups of one parent, by the filter its entities give, for the scorecard asked for (null: all). */
    private static DataFetcher<CompletableFuture<List<RollupView>>> rollups(Function<graphql.schema.DataFetchingEnvironment, ResultFilter> filter) {
        return Fetchers.loaded("ScorecardWiring.scorecardRollups", ROLLUPS, env ->
                env.<ResultFilter, List<RollupView>>getDataLoader(RollupController.ROLLUPS)
                        .load(filter.apply(env).withScorecard(env.getArgument("scorecard"))));
    }
}
