package io.stagehand.auth;

import java.util.Arrays;
import java.util.Locale;

/** What a static token may do, as configured in {@code stagehand.auth.tokens[i].scopes}. */
public enum Scope {
    /** Queries and subscriptions; every caller has it. */
    READ("read"),
    /** Re-reading data: {@code refreshEntity} and {@code dryRunScorecard}. */
    FACTS_WRITE("facts:write"),
    /** Requesting exemptions for any entity. */
    EXEMPTIONS_REQUEST("exemptions:request"),
    /** Approving, rejecting and revoking exemptions of any scorecard. */
    EXEMPTIONS_APPROVE("exemptions:approve"),
    /** Everything. */
    ADMIN("admin");

    private final String id;

    Scope(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The scope of this configured name, case-insensitive; an unknown name stops the start-up. */
    static Scope of(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown scope \"" + name + "\"; known are "
                        + Arrays.stream(values()).map(Scope::id).toList()));
    }
}
