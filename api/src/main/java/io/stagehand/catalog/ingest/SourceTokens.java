package io.stagehand.catalog.ingest;

import java.io.IOException;

/** Reads a source's token from the environment variable its {@code token-env} names. */
final class SourceTokens {

    private SourceTokens() {
    }

    /** The token, or null when the source names no variable; an unset or empty variable is an error naming both. */
    static String fromEnvironment(String source, String variable) throws IOException {
        if (variable == null || variable.isBlank()) {
            return null;
        }
        String token = System.getenv(variable);
        if (token == null || token.isBlank()) {
            throw new IOException("Source " + source + ": environment variable " + variable + " (token-env) is not set or empty");
        }
        return token;
    }
}
