package io.stagehand.integrations;

import io.stagehand.http.HttpSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagehand.integrations}, in the shape of Backstage's {@code integrations:} block so its
 * sections can be copied across: {@code github} and {@code gitlab}. Without an entry for {@code
 * github.com} or {@code gitlab.com}, one without credentials is assumed, as Backstage does, for
 * the sources that name such a host; unlike Backstage's, URL reading (url Locations, URL
 * placeholders) asks only the hosts written here, never an assumed one. {@code http} (Stagehand's own) sets the timeouts, retries and rate limit of reading files from
 * these hosts.
 */
@Validated
@ConfigurationProperties("stagehand.integrations")
public record IntegrationsProperties(@Valid List<GithubIntegration> github, @Valid List<GitlabIntegration> gitlab,
        @Valid HttpSettings http) {

    public static final String GITHUB_HOST = "github.com";
    static final String GITHUB_API_BASE_URL = "https://api.github.com";
    static final String GITHUB_RAW_BASE_URL = "https://raw.githubusercontent.com";
    public static final String GITLAB_HOST = "gitlab.com";
    static final String GITLAB_API_BASE_URL = "https://gitlab.com/api/v4";

    /** The entries assumed when none is written; told apart by identity, since a written one may hold the same values. */
    private static final GithubIntegration ASSUMED_GITHUB = new GithubIntegration(GITHUB_HOST, null, null, null, null);
    private static final GitlabIntegration ASSUMED_GITLAB = new GitlabIntegration(GITLAB_HOST, null, null, null);

    public IntegrationsProperties {
        List<GithubIntegration> all = new ArrayList<>(github == null ? List.of() : github);
        if (all.stream().noneMatch(integration -> GITHUB_HOST.equals(integration.host()))) {
            all.add(ASSUMED_GITHUB);
        }
        github = List.copyOf(all);
        List<GitlabIntegration> gitlabs = new ArrayList<>(gitlab == null ? List.of() : gitlab);
        if (gitlabs.stream().noneMatch(integration -> GITLAB_HOST.equals(integration.host()))) {
            gitlabs.add(ASSUMED_GITLAB);
        }
        gitlab = List.copyOf(gitlabs);
        http = http == null ? HttpSettings.defaults() : http;
    }

    /**
     * Whether an operator wrote this integration (rather than it being the github.com or gitlab.com
     * one assumed without configuration): only such hosts may be read by URL, since a catalog file
     * must not make the server fetch from a host nobody allowed.
     */
    public static boolean written(Object integration) {
        return integration != ASSUMED_GITHUB && integration != ASSUMED_GITLAB;
    }

    /** The GitLab integration of a host (with its port, when it has one), matched without regard to case. */
    public Optional<GitlabIntegration> gitlabFor(String host) {
        return find(gitlab, GitlabIntegration::host, host);
    }

    private static <T> Optional<T> find(List<T> integrations, Function<T, String> hostOf, String host) {
        String wanted = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return integrations.stream().filter(integration -> hostOf.apply(integration).equals(wanted)).findFirst();
    }

    /** A host as written, trimmed and in lower case, or {@code fallback} when none is. */
    private static String host(String written, String fallback) {
        return written == null || written.isBlank() ? fallback : written.trim().toLowerCase(Locale.ROOT);
    }

    /** A base URL as written, without trailing slashes, or {@code fallback} when none is. */
    private static String baseUrl(String written, String fallback) {
        return written == null || written.isBlank() ? fallback : written.trim().replaceAll("/+$", "");
    }

    /** A host name with an optional port, as both kinds of integration take it. */
    private static final String HOST_PATTERN = "[a-z0-9.-]+(:[0-9]{1,5})?";

    @AssertTrue(message = "stagehand.integrations.gitlab: each host may be configured once")
    public boolean isGitlabHostsUnique() {
        return gitlab.stream().map(GitlabIntegration::host).distinct().count() == gitlab.size();
    }

    @AssertTrue(message = "stagehand.integrations: a host is either a GitHub or a GitLab host, not both")
    public boolean isHostsDistinct() {
        return github.stream().noneMatch(g -> gitlabFor(g.host()).isPresent());
    }

    /** The GitHub integration of a host (with its port, when it has one), matched without regard to case. */
    public Optional<GithubIntegration> githubFor(String host) {
        return find(github, GithubIntegration::host, host);
    }

    @AssertTrue(message = "stagehand.integrations.github: each host may be configured once")
    public boolean isGithubHostsUnique() {
        return github.stream().map(GithubIntegration::host).distinct().count() == github.size();
    }

    /**
     * One GitHub host with Backstage's keys: {@code host} ({@code github.com} by default),
     * {@code apiBaseUrl} and {@code rawBaseUrl} (deduced for github.com only), a {@code token} and
     * GitHub {@code apps}; an app's installation token is preferred to the token, as in Backstage.
     */
    public record GithubIntegration(String host, String apiBaseUrl, String rawBaseUrl, Secret token, @Valid List<GithubApp> apps) {

        public GithubIntegration {
            host = IntegrationsProperties.host(host, GITHUB_HOST);
            apiBaseUrl = IntegrationsProperties.baseUrl(apiBaseUrl, GITHUB_HOST.equals(host) ? GITHUB_API_BASE_URL : null);
            rawBaseUrl = IntegrationsProperties.baseUrl(rawBaseUrl, GITHUB_HOST.equals(host) ? GITHUB_RAW_BASE_URL : null);
            token = token == null || token.isBlank() ? null : token;
            apps = apps == null ? List.of() : List.copyOf(apps);
        }

        @AssertTrue(message = "a GitHub host is a host name with an optional port, such as ghe.example.com or ghe.example.com:8443")
        public boolean isHostValid() {
            return host.matches(HOST_PATTERN);
        }
    }

    /**
     * One GitLab host with Backstage's keys: {@code host} ({@code gitlab.com} by default), {@code
     * apiBaseUrl} (deduced for gitlab.com only, required for any other host), {@code baseUrl}
     * ({@code https://<host>} by default; its path is where GitLab is served under that host) and a
     * {@code token}, sent as a bearer token and only to {@code apiBaseUrl}.
     */
    public record GitlabIntegration(String host, String apiBaseUrl, String baseUrl, Secret token) {

        public GitlabIntegration {
            host = IntegrationsProperties.host(host, GITLAB_HOST);
            apiBaseUrl = IntegrationsProperties.baseUrl(apiBaseUrl, GITLAB_HOST.equals(host) ? GITLAB_API_BASE_URL : null);
            baseUrl = IntegrationsProperties.baseUrl(baseUrl, "https://" + host);
            token = token == null || token.isBlank() ? null : token;
        }

        @AssertTrue(message = "a GitLab host is a host name with an optional port, such as gitlab.example.com")
        public boolean isHostValid() {
            return host.matches(HOST_PATTERN);
        }

        @AssertTrue(message = "a GitLab host other than gitlab.com needs an apiBaseUrl such as https://gitlab.example.com/api/v4")
        public boolean isApiBaseUrlGiven() {
            return apiBaseUrl != null && apiBaseUrl.matches("https?://\\S+");
        }

        /** The path GitLab is served under on its host ({@code /gitlab} for {@code https://example.com/gitlab}), or empty. */
        public String relativePath() {
            String path = java.net.URI.create(baseUrl).getPath();
            return path == null ? "" : path.replaceAll("/+$", "");
        }
    }

    /**
     * A GitHub App of a host: its {@code appId}, its {@code privateKey} (PEM, PKCS#1 as GitHub
     * issues it or PKCS#8) and, optionally, the owners whose installations it may be used for
     * ({@code allowedInstallationOwners}; for other owners the host's token is used). Backstage's
     * {@code clientId}, {@code clientSecret} and {@code webhookSecret} are not needed and ignored.
     */
    public record GithubApp(@NotNull Long appId, @NotNull Secret privateKey, List<String> allowedInstallationOwners) {

        public GithubApp {
            allowedInstallationOwners = allowedInstallationOwners == null ? List.of() : List.copyOf(allowedInstallationOwners);
        }

        /** Whether the app may be used for this owner's installation. */
        public boolean allows(String owner) {
            return allowedInstallationOwners.isEmpty()
                    || allowedInstallationOwners.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(owner));
        }
    }
}
