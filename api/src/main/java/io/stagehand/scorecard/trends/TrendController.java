package io.stagehand.scorecard.trends;

import graphql.schema.DataFetchingEnvironment;
import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Permission;
import io.stagehand.auth.Resource;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.graphql.ForbiddenException;
import io.stagehand.model.EntityRef;
import io.stagehand.model.InvalidRefException;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.graphql.Views.ResultFilter;
import io.stagehand.scorecard.store.ScorecardQueries;
import io.stagehand.scorecard.trends.TrendPoints.Interval;
import io.stagehand.scorecard.trends.TrendPoints.TrendPoint;
import io.stagehand.scorecard.trends.TrendSnapshots.Snapshot;
import java.time.LocalDate;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * Trends in the schema: {@code scorecardTrend}, and {@code snapshotScorecardTrends} for an admin
 * who wants today's snapshot now (authorized and audited like every mutation).
 */
@Controller
class TrendController {

    /** The schema's ScorecardTrend; {@code owner} is the group's key (its ref lower-cased), null for the whole scorecard. */
    record TrendView(String scorecard, String owner, Interval interval, List<TrendPoint> points) {
    }

    private final TrendPoints points;
    private final TrendSnapshots snapshots;
    private final ScorecardQueries queries;
    private final ScorecardDefinitions definitions;
    private final Authorizer authorizer;

    TrendController(TrendPoints points, TrendSnapshots snapshots, ScorecardQueries queries, ScorecardDefinitions definitions,
            Authorizer authorizer) {
        this.points = points;
        this.snapshots = snapshots;
        this.queries = queries;
        this.definitions = definitions;
        this.authorizer = authorizer;
    }

    /**
     * A snapshot counts every entity of its set, so a caller under read rules gets the trend only
     * when it may see every entity the set holds now; which entities it held on earlier days is not
     * kept, so an entity moved away since is not checked.
     */
    @QueryMapping
    Mono<TrendView> scorecardTrend(@Argument String scorecard, @Argument String owner, @Argument LocalDate since, @Argument Interval interval) {
        if (!definitions.current().scorecards().containsKey(scorecard)) {
            return Mono.error(new BadRequestException("No scorecard named " + scorecard));
        }
        EntityRef group = owner == null ? null : group(owner);
        ResultFilter set = group == null ? ResultFilter.ofScorecard(scorecard) : ResultFilter.ofOwner(group.key(), true).withScorecard(scorecard);
        Interval by = interval == null ? Interval.DAY : interval;
        return queries.hidesAny(set).flatMap(hidden -> hidden
                ? Mono.error(new ForbiddenException("The trend counts entities the caller may not see (stagehand.permissions.read)"))
                : points.of(scorecard, group == null ? "" : group.key(), since, by)
                        .map(found -> new TrendView(scorecard, group == null ? null : group.key(), by, found)));
    }

    @MutationMapping
    Mono<Snapshot> snapshotScorecardTrends(DataFetchingEnvironment env) {
        return authorizer.guard(env, Permission.SCORECARD_SNAPSHOT, Mono.just(Resource.NONE), caller -> snapshots.take(snapshots.today()));
    }

    private static EntityRef group(String owner) {
        try {
            EntityRef ref = EntityRef.parse(owner, "Group", EntityRef.DEFAULT_NAMESPACE);
            if (!ref.kind().equalsIgnoreCase("group")) {
                throw new BadRequestException("owner must be a group, not " + ref);
            }
            return ref;
        } catch (InvalidRefException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
