package io.stagehand.model;

/**
 * Something wrong found while reading a source: where (location and 1-based line, 0 if unknown),
 * about which entity if known, and what.
 */
public record Problem(Severity severity, String location, int line, String entityRef, String message) {

    /** Longest message kept: enough for any explanation, too short to carry a file's content along. */
    public static final int MAX_MESSAGE_LENGTH = 500;

    /**
     * A longer message is cut so that it stays within {@value #MAX_MESSAGE_LENGTH} characters with
     * its note: cutting is idempotent, so a stored problem read back equals the one a later run finds.
     */
    public Problem {
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            int cut = MAX_MESSAGE_LENGTH - 40;
            if (Character.isHighSurrogate(message.charAt(cut - 1))) {
                cut--;
            }
            message = message.substring(0, cut) + "... (" + (message.length() - cut) + " more characters)";
        }
    }

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
