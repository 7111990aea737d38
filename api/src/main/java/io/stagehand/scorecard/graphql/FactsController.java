package io.stagehand.scorecard.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Permission;
import io.stagehand.auth.Resource;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.Json;
import io.stagehand.scorecard.facts.PushedFacts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** {@code submitFacts}: one entity's facts for a push fact source, authorized per source and audited like every mutation. */
@Controller
class FactsController {

    /** The schema's SubmittedFacts. */
    record SubmittedFacts(String source, String ref, OffsetDateTime observedAt) {
    }

    private final PushedFacts pushed;
    private final Authorizer authorizer;

    FactsController(PushedFacts pushed, Authorizer authorizer) {
        this.pushed = pushed;
        this.authorizer = authorizer;
    }

    @MutationMapping
    Mono<SubmittedFacts> submitFacts(@Argument String source, @Argument String ref, @Argument Object facts,
            @Argument OffsetDateTime observedAt, DataFetchingEnvironment env) {
        // an unknown source is a bad request before the policy is asked, which names no source that does not exist
        return authorizer.guard(env, Permission.SCORECARD_FACTS_SUBMIT, Mono.fromCallable(() -> Resource.source(pushed.source(source).name())),
                caller -> {
                    Instant observed = observedAt == null ? null : observedAt.toInstant();
                    return pushed.submit(pushed.source(source), List.of(new PushedFacts.Submission(ref, Json.MAPPER.valueToTree(facts), observed))).map(outcome -> {
                        if (!outcome.rejected().isEmpty()) {
                            throw new BadRequestException(outcome.rejected().get(0).reason());
                        }
                        return new SubmittedFacts(source, ref, observedAt == null ? OffsetDateTime.now(java.time.ZoneOffset.UTC) : observedAt);
                    });
                });
    }
}
