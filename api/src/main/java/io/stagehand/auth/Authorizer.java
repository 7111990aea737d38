package io.stagehand.auth;

import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Guards a mutation: finds the caller, resolves what the mutation acts on, asks the policy, runs the
 * mutation when allowed, and writes the outcome to the audit log (allowed, denied, or failed,
 * validation failures included).
 */
@Component
public class Authorizer {

    private static final Log log = LogFactory.getLog(Authorizer.class);

    private final Callers callers;
    private final PermissionPolicy policy;
    private final AuditLog audit;

    /** A {@link PermissionPolicy} bean replaces the default; looked up here rather than by a conditional bean, which depends on ordering. */
    Authorizer(Callers callers, ObjectProvider<PermissionPolicy> policies, PermissionProperties properties, AuditLog audit) {
        this.callers = callers;
        this.policy = policies.getIfAvailable(() -> new DefaultPermissionPolicy(properties));
        this.audit = audit;
        log.info("Permission policy: " + policy.getClass().getName());
    }

    /** The policy in use: a {@link PermissionPolicy} bean, or the default. */
    public PermissionPolicy policy() {
        return policy;
    }

    /**
     * Runs {@code action} for the current caller if the policy allows {@code permission} on the
     * resource {@code resource} resolves to; a resource that cannot be resolved (an entity that does
     * not exist, a bad argument) fails the mutation before the policy is asked.
     */
    public <T> Mono<T> guard(DataFetchingEnvironment env, Permission permission, Mono<Resource> resource, Function<Caller, Mono<T>> action) {
        return guard(env.getField().getName(), env.getArguments(), permission, resource, action);
    }

    public <T> Mono<T> guard(String operation, Map<String, Object> arguments, Permission permission, Mono<Resource> resource,
            Function<Caller, Mono<T>> action) {
        return callers.current().flatMap(caller -> Mono.defer(() -> resource)
                .onErrorResume(e -> failed(caller, permission, operation, arguments, e))
                .flatMap(target -> {
                    Decision decision = policy.decide(caller, permission, target);
                    if (!decision.allowed()) {
                        PermissionDeniedException denied = new PermissionDeniedException(permission, decision.reason());
                        return write(caller, permission, operation, arguments, AuditEvent.Result.DENIED, denied.getMessage())
                                .then(Mono.error(denied));
                    }
                    return Mono.defer(() -> action.apply(caller))
                            .flatMap(result -> write(caller, permission, operation, arguments, AuditEvent.Result.ALLOWED, null).thenReturn(result))
                            .onErrorResume(e -> failed(caller, permission, operation, arguments, e));
                }));
    }

    /** Only for checks that guard reads (the audit log itself): denials are recorded, allowed reads are not. */
    public Mono<Caller> check(String operation, Map<String, Object> arguments, Permission permission) {
        return callers.current().flatMap(caller -> {
            Decision decision = policy.decide(caller, permission, Resource.NONE);
            if (decision.allowed()) {
                return Mono.just(caller);
            }
            PermissionDeniedException denied = new PermissionDeniedException(permission, decision.reason());
            return write(caller, permission, operation, arguments, AuditEvent.Result.DENIED, denied.getMessage()).then(Mono.error(denied));
        });
    }

    private <T> Mono<T> failed(Caller caller, Permission permission, String operation, Map<String, Object> arguments, Throwable e) {
        // only messages meant for callers are kept; anything else may carry SQL or internals
        String message = e instanceof IllegalArgumentException || e instanceof NoSuchElementException ? e.getMessage() : "internal error";
        return write(caller, permission, operation, arguments, AuditEvent.Result.FAILED, message).then(Mono.error(e));
    }

    /** An audit write that fails is logged and does not change the mutation's answer: what it did is done. */
    private Mono<Void> write(Caller caller, Permission permission, String operation, Map<String, Object> arguments, AuditEvent.Result result,
            String message) {
        return audit.record(caller, permission, operation, arguments, result, message).onErrorResume(e -> {
            log.error("Could not write the audit event " + result + " " + permission + " by " + caller.principal() + ": " + e.getMessage());
            return Mono.empty();
        });
    }
}
