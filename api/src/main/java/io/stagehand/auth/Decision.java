package io.stagehand.auth;

/** A policy's answer: allowed, or denied with a reason the caller may read. */
public record Decision(boolean allowed, String reason) {

    public static final Decision ALLOW = new Decision(true, null);

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
