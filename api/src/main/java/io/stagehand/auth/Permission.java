package io.stagehand.auth;

/**
 * A named permission, as Backstage's permission framework names them: one for every mutation
 * (and for the audit log), checked by the {@link PermissionPolicy} before the mutation runs.
 */
public enum Permission {
    /** Reading an entity: with {@code stagehand.permissions.read}, a condition on which entities (see {@link PermissionPolicy#readable}). */
    CATALOG_ENTITY_READ("catalog.entity.read"),
    /** {@code refreshSource}: run a source now. */
    CATALOG_SOURCE_REFRESH("catalog.source.refresh"),
    /** {@code refreshSource(confirmDeletions: true)} and {@code removeOrphanedSource}: delete entities past the guards. */
    CATALOG_SOURCE_DELETE("catalog.source.delete"),
    /** {@code refreshEntity}: re-read the source an entity came from. */
    CATALOG_ENTITY_REFRESH("catalog.entity.refresh"),
    /** {@code evaluate}: evaluate one entity or everything now. */
    SCORECARD_EVALUATE("scorecard.evaluate"),
    /** {@code snapshotScorecardTrends}: take today's trend snapshot now. */
    SCORECARD_SNAPSHOT("scorecard.snapshot"),
    /** {@code dryRunScorecard}: evaluate a definition without storing (it may fetch facts). */
    SCORECARD_DRYRUN("scorecard.dryrun"),
    /** {@code createExemption}: ask for a check to be waived for an entity. */
    SCORECARD_EXEMPTION_REQUEST("scorecard.exemption.request"),
    /** {@code approveExemption} and {@code rejectExemption}: decide a request. */
    SCORECARD_EXEMPTION_APPROVE("scorecard.exemption.approve"),
    /** {@code revokeExemption}: end an exemption or withdraw a request. */
    SCORECARD_EXEMPTION_REVOKE("scorecard.exemption.revoke"),
    /** {@code submitFacts} and {@code POST /api/facts/{source}}: push facts of a push fact source. */
    SCORECARD_FACTS_SUBMIT("scorecard.facts.submit"),
    /** {@code submitCheckResult}: give an external check's result for an entity. */
    SCORECARD_CHECK_SUBMIT("scorecard.check.submit"),
    /** {@code signOffCheck}: sign a manual check off for an entity. */
    SCORECARD_CHECK_SIGNOFF("scorecard.check.signoff"),
    /** {@code auditEvents}: read the audit log. */
    AUDIT_READ("audit.read");

    private final String id;

    Permission(String id) {
        this.id = id;
    }

    /** The name in messages, the audit log and the documentation. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
