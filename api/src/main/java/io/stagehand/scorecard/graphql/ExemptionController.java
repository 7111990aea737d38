package io.stagehand.scorecard.graphql;

import static io.stagehand.scorecard.graphql.ScorecardController.key;
import static io.stagehand.scorecard.graphql.ScorecardController.parse;

import graphql.schema.DataFetchingEnvironment;
import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Permission;
import io.stagehand.auth.Resource;
import io.stagehand.catalog.store.CatalogQueries;
import io.stagehand.catalog.store.Memberships;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.EntityRef;
import io.stagehand.scorecard.ScorecardProperties;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.evaluation.ScorecardService;
import io.stagehand.scorecard.graphql.Views.ExemptionStatus;
import io.stagehand.scorecard.graphql.Views.ExemptionView;
import io.stagehand.scorecard.store.ScorecardStore;
import io.stagehand.scorecard.store.StoredChecks;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * Exemptions in the GraphQL schema: those of the definition files and the requests made through
 * the API, which someone other than the requester approves or rejects, each step authorized and
 * audited.
 */
@Controller
class ExemptionController {

    private final ScorecardService service;
    private final ScorecardStore store;
    private final Authorizer authorizer;
    private final Memberships memberships;
    private final ScorecardProperties properties;
    private final CatalogQueries entities;

    ExemptionController(ScorecardService service, ScorecardStore store, Authorizer authorizer, Memberships memberships,
            ScorecardProperties properties, CatalogQueries entities) {
        this.entities = entities;
        this.service = service;
        this.store = store;
        this.authorizer = authorizer;
        this.memberships = memberships;
        this.properties = properties;
    }

    /**
     * Without includeExpired: exemptions in effect and requests still pending; rejected, revoked and
     * expired ones only with it. Those of entities the caller may not see are left out.
     */
    @QueryMapping
    Mono<List<ExemptionView>> exemptions(@Argument String scorecard, @Argument String entity, @Argument Boolean includeExpired,
            @Argument ExemptionStatus status) {
        Instant now = Instant.now();
        String key = entity == null ? null : key(entity);
        return allExemptions().map(all -> all.stream()
                .filter(e -> scorecard == null || e.exemption().scorecard().equals(scorecard))
                .filter(e -> key == null || e.exemption().entityKey().equals(key))
                .filter(e -> status == null || e.status() == status)
                .filter(e -> Boolean.TRUE.equals(includeExpired) || (e.status() != ExemptionStatus.REJECTED && e.exemption().activeAt(now)))
                .toList())
                .flatMap(listed -> entities.hidden(listed.stream().map(e -> e.exemption().entityKey()).toList())
                        .map(hidden -> listed.stream().filter(e -> !hidden.contains(e.exemption().entityKey())).map(e -> exemption(e, now)).toList()));
    }

    /** The schema's ExemptionInput; {@code approvedBy} is accepted for old clients and ignored (the approver is whoever approves). */
    record ExemptionInput(String scorecard, String check, String entity, String reason, String approvedBy, OffsetDateTime expires) {
    }

    /**
     * Records a request by the caller; it takes effect once someone else approves it. The scorecard,
     * check and entity must exist and the expiry lie within {@code stagehand.scorecards.exemptions.max-duration}.
     */
    @MutationMapping
    Mono<ExemptionView> createExemption(@Argument ExemptionInput input, DataFetchingEnvironment env) {
        Mono<Resource> target = Mono.fromCallable(() -> validRequest(input, Instant.now()))
                .flatMap(ref -> memberships.ownersOf(ref.key()).map(owners -> Resource.exemption(input.scorecard(), ref.toString(),
                        owners.orElseThrow(() -> new BadRequestException("No entity " + ref + " in the catalog")), null)));
        return authorizer.guard(env, Permission.SCORECARD_EXEMPTION_REQUEST, target, caller -> {
            EntityRef ref = parse(input.entity());
            return store.requestExemption(input.scorecard(), input.check(), ref.key(), ref.toString(), input.reason().strip(),
                    caller.principal(), input.expires().toInstant()).map(created -> exemption(created, Instant.now()));
        });
    }

    private EntityRef validRequest(ExemptionInput input, Instant now) {
        Definitions.Scorecard scorecard = service.definitions().scorecards().get(input.scorecard());
        if (scorecard == null) {
            throw new BadRequestException("No scorecard named " + input.scorecard());
        }
        if (scorecard.checks().stream().noneMatch(c -> c.id().equals(input.check()))) {
            throw new BadRequestException("Scorecard " + input.scorecard() + " has no check " + input.check());
        }
        if (input.reason() == null || input.reason().isBlank()) {
            throw new BadRequestException("An exemption needs a reason");
        }
        java.time.Duration max = properties.exemptions().maxDuration();
        String most = max.toSeconds() % 86_400 == 0 ? max.toDays() + " days" : max.toString();
        if (input.expires() == null) {
            throw new BadRequestException("An exemption needs an expiry, at most " + most + " ahead");
        }
        Instant expires = input.expires().toInstant();
        if (!expires.isAfter(now)) {
            throw new BadRequestException("expires must lie in the future");
        }
        if (expires.isAfter(now.plus(max))) {
            throw new BadRequestException("expires may lie at most " + most + " ahead (stagehand.scorecards.exemptions.max-duration)");
        }
        return parse(input.entity());
    }

    @MutationMapping
    Mono<ExemptionView> approveExemption(@Argument String id, @Argument String comment, DataFetchingEnvironment env) {
        return decide(id, ExemptionStatus.APPROVED, comment, env);
    }

    @MutationMapping
    Mono<ExemptionView> rejectExemption(@Argument String id, @Argument String comment, DataFetchingEnvironment env) {
        return decide(id, ExemptionStatus.REJECTED, comment, env);
    }

    /** Approval or rejection of a pending request; an approval is evaluated at once so it shows in the results. */
    private Mono<ExemptionView> decide(String id, ExemptionStatus status, String comment, DataFetchingEnvironment env) {
        Mono<Resource> target = Mono.fromCallable(() -> number(id)).flatMap(this::stored).map(found -> {
            if (found.status() != ExemptionStatus.REQUESTED || found.exemption().revokedAt() != null) {
                throw new BadRequestException("Exemption " + id + " is not pending: it is "
                        + (found.exemption().revokedAt() != null ? "revoked" : found.status().name().toLowerCase(java.util.Locale.ROOT)));
            }
            if (status == ExemptionStatus.APPROVED && !found.exemption().activeAt(Instant.now())) {
                throw new BadRequestException("Exemption " + id + " has expired; request a new one");
            }
            return Resource.exemption(found.exemption().scorecard(), found.exemption().entityRef(), Set.of(), found.requestedBy());
        });
        return authorizer.guard(env, Permission.SCORECARD_EXEMPTION_APPROVE, target, caller -> store.decide(number(id), status,
                        caller.principal(), comment == null || comment.isBlank() ? null : comment.strip())
                .switchIfEmpty(Mono.error(() -> new BadRequestException("Exemption " + id + " is no longer pending")))
                .flatMap(decided -> (status == ExemptionStatus.APPROVED ? service.evaluate(List.of(decided.exemption().entityKey())).then()
                        : Mono.<Void>empty()).thenReturn(exemption(decided, Instant.now()))));
    }

    @MutationMapping
    Mono<ExemptionView> revokeExemption(@Argument String id, DataFetchingEnvironment env) {
        Mono<Resource> target = Mono.fromCallable(() -> number(id)).flatMap(this::stored).map(found ->
                Resource.exemption(found.exemption().scorecard(), found.exemption().entityRef(), Set.of(), found.requestedBy()));
        return authorizer.guard(env, Permission.SCORECARD_EXEMPTION_REVOKE, target, caller -> store.revokeExemption(number(id), caller.principal())
                .switchIfEmpty(Mono.error(() -> new NoSuchElementException("No exemption " + id)))
                .flatMap(revoked -> service.evaluate(List.of(revoked.exemption().entityKey())).thenReturn(exemption(revoked, Instant.now()))));
    }

    private Mono<ScorecardStore.StoredExemption> stored(long id) {
        return store.storedExemption(id).switchIfEmpty(Mono.error(() -> new NoSuchElementException("No exemption " + id)));
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequestException("Only exemptions created through the API are managed here; " + id
                    + " is declared in a definition file: change it there");
        }
    }

    /** Those of files (approved by whoever merged them) and those made through the API. */
    private Mono<List<ScorecardStore.StoredExemption>> allExemptions() {
        List<Exemption> yaml = service.definitions().exemptions();
        return store.storedExemptions().collectList().map(api -> {
            List<ScorecardStore.StoredExemption> all = new ArrayList<>();
            yaml.forEach(e -> all.add(new ScorecardStore.StoredExemption(e, ExemptionStatus.APPROVED, null, null, null, null)));
            all.addAll(api);
            return all;
        });
    }

    private static ExemptionView exemption(ScorecardStore.StoredExemption e, Instant now) {
        return StoredChecks.exemption(e.exemption(), now).withWorkflow(e.status(), e.requestedBy(), e.decidedBy(),
                e.decidedAt() == null ? null : OffsetDateTime.ofInstant(e.decidedAt(), java.time.ZoneOffset.UTC), e.decisionComment());
    }
}
