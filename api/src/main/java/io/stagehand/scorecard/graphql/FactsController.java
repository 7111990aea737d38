package io.stagehand.scorecard.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Permission;
import io.stagehand.auth.Resource;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.Json;
import io.stagehand.scorecard.definition.Rule;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.facts.PushedFacts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code submitFacts} (one entity's facts for a push fact source, authorized per source),
 * {@code submitCheckResult} (an external check's result) and {@code signOffCheck} (a manual check's
 * sign-off), each audited like every mutation.
 */
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

    /** The schema's SubmittedCheck. */
    record SubmittedCheck(String scorecard, String check, String ref, OffsetDateTime submittedAt) {
    }

    @MutationMapping
    Mono<SubmittedCheck> submitCheckResult(@Argument String scorecard, @Argument String check, @Argument String ref,
            @Argument CheckState state, @Argument String message, @Argument String link, DataFetchingEnvironment env) {
        return authorizer.guard(env, Permission.SCORECARD_CHECK_SUBMIT, target(scorecard, ref), caller -> {
            if (state != CheckState.PASS && state != CheckState.FAIL && state != CheckState.UNKNOWN) {
                throw new BadRequestException("An external check's result is PASS, FAIL or UNKNOWN");
            }
            ObjectNode result = Json.MAPPER.createObjectNode();
            result.put(Rule.Submitted.STATE, state.name());
            if (message != null) {
                result.put(Rule.Submitted.MESSAGE, bounded(message, "message"));
            }
            if (link != null) {
                result.put(Rule.Submitted.LINK, link(link));
            }
            result.put(Rule.Submitted.BY, caller.principal());
            return pushed.submitCheck(scorecard, check, ref, result, false).map(at -> new SubmittedCheck(scorecard, check, ref, utc(at)));
        });
    }

    @MutationMapping
    Mono<SubmittedCheck> signOffCheck(@Argument String scorecard, @Argument String check, @Argument String ref, @Argument String comment,
            DataFetchingEnvironment env) {
        return authorizer.guard(env, Permission.SCORECARD_CHECK_SIGNOFF, target(scorecard, ref), caller -> {
            ObjectNode result = Json.MAPPER.createObjectNode();
            result.put(Rule.Submitted.BY, caller.principal());
            if (comment != null) {
                result.put(Rule.Submitted.MESSAGE, bounded(comment, "comment"));
            }
            return pushed.submitCheck(scorecard, check, ref, result, true).map(at -> new SubmittedCheck(scorecard, check, ref, utc(at)));
        });
    }

    private static Mono<Resource> target(String scorecard, String ref) {
        return Mono.just(new Resource(ref, java.util.Set.of(), scorecard, null, null));
    }

    private static String bounded(String text, String field) {
        if (text.length() > 1000) {
            throw new BadRequestException(field + " takes at most 1000 characters");
        }
        return text;
    }

    /** A link readers will follow: an absolute http or https URL, never javascript: or a relative one. */
    private static String link(String link) {
        try {
            java.net.URI uri = new java.net.URI(link);
            if (link.length() <= 2000 && uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                return link;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new BadRequestException("link must be an absolute http or https URL of at most 2000 characters");
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
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
