package io.stagehand.http;

import java.util.regex.Pattern;

/**
 * Hides credentials written into URLs ({@code https://user:token@host/...}, or a query parameter
 * such as GitLab's {@code ?private_token=}) wherever a source's URL is shown: in {@code sources},
 * run messages, problems, locations, health and logs.
 */
public final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");
    /** Query parameters that carry credentials on the hosts Stagehand reads (GitLab, GitHub, signed URLs). */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&](?i:private_token|job_token|access_token|token|sig|signature|x-amz-signature|x-goog-signature|password|secret|key|api_key)=)[^&#\\s]*");

    private Redaction() {
    }

    /** The text with the user part of every URL in it, and the value of every credential parameter, replaced by {@code ***}. */
    public static String redact(String text) {
        return text == null ? null : SECRET_PARAMETER.matcher(USER_INFO.matcher(text).replaceAll("$1***@")).replaceAll("$1***");
    }
}
