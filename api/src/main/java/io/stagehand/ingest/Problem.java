package io.stagehand.ingest;

/**
 * Something wrong found while reading a source: where (location and 1-based line, 0 if unknown),
 * about which entity if known, and what.
 */
public record Problem(Severity severity, String location, int line, String entityRef, String message) {

    public enum Severity {
        ERROR, WARNING
    }

    public static Problem error(String location, int line, String entityRef, String message) {
        return new Problem(Severity.ERROR, location, line, entityRef, message);
    }

    public static Problem warning(String location, int line, String entityRef, String message) {
        return new Problem(Severity.WARNING, location, line, entityRef, message);
    }
}
