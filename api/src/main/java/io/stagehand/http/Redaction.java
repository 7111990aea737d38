package io.stagehand.http;

import java.util.regex.Pattern;

/**
 * Hides credentials written into URLs ({@code https://user:token@host/...}) wherever a source's URL
 * is shown: in {@code sources}, run messages, problems, locations, health and logs.
 */
public final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

    private Redaction() {
    }

    /** The text with the user part of every URL in it replaced by {@code ***}. */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
