package io.stagehand.integrations;

/**
 * How requests for one owner on a GitHub host are authorized: by a GitHub App's installation token,
 * by the host's token, or not at all. {@code toString} hides the token.
 */
public record GithubAuthorization(Kind kind, String token) {

    /** Where the token comes from; Backstage's {@code GithubCredentialType} ({@code app} or {@code token}). */
    public enum Kind {
        APP, TOKEN, ANONYMOUS
    }

    static final GithubAuthorization NONE = new GithubAuthorization(Kind.ANONYMOUS, null);

    /** The value of the {@code Authorization} header, or null when requests go without one. */
    public String header() {
        return token == null ? null : "Bearer " + token;
    }

    @Override
    public String toString() {
        return "GithubAuthorization[" + kind + "]";
    }
}
