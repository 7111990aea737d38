package io.stagehand.integrations;

/** Credentials for GitHub could not be had; the message names the host, app or owner and a status, never GitHub's text or a secret. */
public final class GithubCredentialsException extends RuntimeException {

    public GithubCredentialsException(String message) {
        super(message, null, false, false);
    }
}
