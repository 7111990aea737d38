package io.stagehand.auth;

import java.time.Instant;

/**
 * One stored audit event: who used which permission through which operation, on what, with which
 * arguments (secrets removed), and how it ended.
 */
public record AuditEvent(long id, Instant at, String actor, String permission, String operation, String arguments, Result result,
        String message) {

    public enum Result {
        /** Allowed and done. */
        ALLOWED,
        /** Refused by the policy. */
        DENIED,
        /** Allowed, then refused as a bad request or failed. */
        FAILED
    }

    /** Which events to read; null fields match everything. */
    public record Filter(String actor, String permission, Result result, Instant since, Instant until) {
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }
}
