package io.stagehand.auth;

import io.stagehand.model.EntityFilter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policy used unless a {@link PermissionPolicy} bean replaces it. Admins (the {@code admin}
 * scope, or a principal or group in {@code stagehand.permissions.admins}) may do everything, and they
 * alone may run sources, delete, evaluate, take trend snapshots and read the audit log. The owners of an entity may
 * request exemptions for it and refresh it; approvers of a scorecard decide and revoke its
 * exemptions, never a request of their own; a requester may withdraw their own request. With
 * {@code stagehand.permissions.read}, callers other than admins and readers see only the entities
 * one of its rules matches.
 */
public class DefaultPermissionPolicy implements PermissionPolicy {

    private final PermissionProperties properties;

    public DefaultPermissionPolicy(PermissionProperties properties) {
        this.properties = properties;
    }

    @Override
    public Decision decide(Caller caller, Permission permission, Resource resource) {
        if (isAdmin(caller)) {
            return Decision.ALLOW;
        }
        return switch (permission) {
            // which entities: readable(caller); the permission itself every caller with a token (or anonymous access) has
            case CATALOG_ENTITY_READ -> Decision.ALLOW;
            case CATALOG_SOURCE_REFRESH, CATALOG_SOURCE_DELETE, SCORECARD_EVALUATE, SCORECARD_SNAPSHOT, AUDIT_READ -> Decision.deny("only admins may");
            case SCORECARD_DRYRUN -> caller.has(Scope.FACTS_WRITE) ? Decision.ALLOW : Decision.deny("needs the facts:write scope or an admin");
            case CATALOG_ENTITY_REFRESH -> caller.has(Scope.FACTS_WRITE) || owns(caller, resource)
                    ? Decision.ALLOW : Decision.deny("only the entity's owners, facts:write tokens and admins may");
            case SCORECARD_EXEMPTION_REQUEST -> caller.has(Scope.EXEMPTIONS_REQUEST) || owns(caller, resource)
                    ? Decision.ALLOW : Decision.deny("only the entity's owners, exemptions:request tokens and admins may");
            case SCORECARD_EXEMPTION_APPROVE -> {
                if (!approves(caller, resource.scorecard())) {
                    yield Decision.deny("only approvers of scorecard " + resource.scorecard() + " and admins may");
                }
                yield resource.requestedBy() != null && caller.is(resource.requestedBy())
                        ? Decision.deny("a request is decided by someone other than its requester") : Decision.ALLOW;
            }
            // a pusher is named per source, so a CI token for one source can push nothing else
            case SCORECARD_FACTS_SUBMIT -> resource.source() != null && anyOf(caller, properties.factPushers().getOrDefault(resource.source(), List.of()))
                    ? Decision.ALLOW : Decision.deny("only the pushers of fact source " + resource.source()
                            + " (stagehand.permissions.fact-pushers) and admins may");
            case SCORECARD_CHECK_SUBMIT -> resource.scorecard() != null
                    && anyOf(caller, properties.checkSubmitters().getOrDefault(resource.scorecard(), List.of()))
                    ? Decision.ALLOW : Decision.deny("only the check submitters of scorecard " + resource.scorecard()
                            + " (stagehand.permissions.check-submitters) and admins may");
            // a sign-off is an approver's word, as an exemption is: never the owners' own
            case SCORECARD_CHECK_SIGNOFF -> approves(caller, resource.scorecard())
                    ? Decision.ALLOW : Decision.deny("only approvers of scorecard " + resource.scorecard() + " and admins may");
            case SCORECARD_EXEMPTION_REVOKE -> approves(caller, resource.scorecard())
                    || (resource.requestedBy() != null && caller.principal().equalsIgnoreCase(resource.requestedBy()))
                    ? Decision.ALLOW : Decision.deny("only approvers of scorecard " + resource.scorecard() + ", the requester and admins may");
        };
    }

    /** With read rules, what one of them matches, for everyone but admins and readers; without, everything. */
    @Override
    public EntityFilter readable(Caller caller) {
        if (properties.read().isEmpty() || isAdmin(caller) || anyOf(caller, properties.readers())) {
            return null;
        }
        Set<String> owners = new TreeSet<>(caller.ownershipKeys());
        if (caller.kind() == Caller.Kind.USER) {
            owners.add(caller.principal().toLowerCase(Locale.ROOT));
        }
        List<EntityFilter> rules = properties.read().stream().map(rule -> rule.filter(owners)).filter(Objects::nonNull).toList();
        return rules.isEmpty() ? EntityFilter.NONE : EntityFilter.anyOf(rules);
    }

    private boolean isAdmin(Caller caller) {
        return caller.kind() != Caller.Kind.ANONYMOUS && (caller.has(Scope.ADMIN) || anyOf(caller, properties.admins()));
    }

    private boolean approves(Caller caller, String scorecard) {
        return caller.has(Scope.EXEMPTIONS_APPROVE) || anyOf(caller, properties.approvers())
                || (scorecard != null && anyOf(caller, properties.scorecardApprovers().getOrDefault(scorecard, List.of())));
    }

    private static boolean owns(Caller caller, Resource resource) {
        return resource.ownerRefs().stream().anyMatch(caller::is);
    }

    private static boolean anyOf(Caller caller, List<String> refs) {
        return caller.kind() != Caller.Kind.ANONYMOUS && refs.stream().anyMatch(caller::is);
    }
}
