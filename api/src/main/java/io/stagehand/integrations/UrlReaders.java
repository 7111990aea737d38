package io.stagehand.integrations;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.stagehand.http.HttpResilience;
import io.stagehand.http.HttpSettings;
import io.stagehand.http.Redaction;
import io.stagehand.integrations.IntegrationsProperties.GithubIntegration;
import io.stagehand.integrations.IntegrationsProperties.GitlabIntegration;
import io.stagehand.integrations.ScmFiles.FileUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;

/**
 * Reads files named by URLs on the hosts of {@code stagehand.integrations}, as Backstage's URL
 * readers do: a URL whose host has no integration written by an operator is refused with Backstage's wording and never
 * fetched; any other is read through the integration's API with its credentials, which go only to
 * the configured API (or raw) base URL, and no redirect is followed. Each host has its own timeouts,
 * retries and circuit breaker ({@code stagehand.integrations.http}); reads are conditional
 * ({@code If-None-Match} with the last {@code ETag}), rate limits are waited out, and bodies are
 * capped ({@link FileFetches}). Blocking: called from the threads that load a run's files.
 */
@Component
public class UrlReaders {

    private final Map<String, ScmFiles> byHost = new LinkedHashMap<>();
    private final FileFetches fetches;

    @Autowired
    public UrlReaders(IntegrationsProperties properties, GithubCredentials credentials, CircuitBreakerRegistry breakers,
            RetryRegistry retries, RateLimiterRegistry limiters, WebClient.Builder webClients) {
        this(properties, credentials, breakers, retries, limiters, webClients, Clock.systemUTC());
    }

    public UrlReaders(IntegrationsProperties properties, GithubCredentials credentials, CircuitBreakerRegistry breakers,
            RetryRegistry retries, RateLimiterRegistry limiters, WebClient.Builder webClients, Clock clock) {
        HttpSettings http = properties.http();
        this.fetches = new FileFetches(http, webClients, clock);
        WebClient client = fetches.client();
        Map<String, ScmFiles> rawHosts = new LinkedHashMap<>();
        for (GithubIntegration github : properties.github()) {
            if (!IntegrationsProperties.written(github)) {
                continue;
            }
            GithubFiles files = new GithubFiles(github, credentials, client,
                    HttpResilience.named("integration-" + github.host(), http, breakers, retries, limiters));
            byHost.put(github.host(), files);
            if (github.rawBaseUrl() != null) {
                rawHosts.putIfAbsent(UrlPaths.hostKey(URI.create(github.rawBaseUrl())), files);
            }
        }
        for (GitlabIntegration gitlab : properties.gitlab()) {
            if (!IntegrationsProperties.written(gitlab)) {
                continue;
            }
            byHost.putIfAbsent(gitlab.host(), new GitlabFiles(gitlab,
                    HttpResilience.named("integration-" + gitlab.host(), http, breakers, retries, limiters)));
        }
        rawHosts.forEach(byHost::putIfAbsent);
    }

    /** Whether any host may be read (an operator wrote at least one integration). */
    public boolean readsAny() {
        return !byHost.isEmpty();
    }

    /** Whether a Location target or placeholder names a URL (rather than a path). */
    public static boolean isUrl(String target) {
        return target != null && target.regionMatches(true, 0, "https://", 0, 8) || target != null && target.regionMatches(true, 0, "http://", 0, 7);
    }

    /** Backstage's answer for a URL whose host no reader serves. */
    public static String notAllowed(String url) {
        return "Reading from '" + Redaction.redact(url) + "' is not allowed. You may need to configure an integration for the target host"
                + " (stagehand.integrations)";
    }

    /** Why a URL cannot be read (no integration for its host, or not a file URL of that host), or null when it can. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "'" + Redaction.redact(url) + "' is not a valid URL";
        }
        if (!isUrl(url) || uri.getHost() == null) {
            return "'" + Redaction.redact(url) + "' is not a valid URL";
        }
        if (uri.getRawPath() != null && uri.getRawPath().endsWith("/")) {
            return "Reading from '" + Redaction.redact(url) + "' is not possible: it names a folder; a target names a file";
        }
        if (uri.getRawUserInfo() != null) {
            return "'" + Redaction.redact(url) + "' carries credentials; configure the host's token in stagehand.integrations instead";
        }
        ScmFiles files = byHost.get(UrlPaths.hostKey(uri));
        if (files == null) {
            return notAllowed(url);
        }
        try {
            files.parse(uri);
        } catch (IllegalArgumentException e) {
            return "Reading from '" + Redaction.redact(url) + "' is not possible: " + e.getMessage();
        }
        return null;
    }

    /**
     * What a URL names, whatever its spelling: the host (lower case, the raw host folded into its
     * integration), project, ref and decoded path, without query or fragment and whichever of
     * {@code blob}, {@code tree} or {@code raw} it uses; null when it cannot be read. Two URLs with
     * one identity are one file, read once in a run.
     */
    public String identity(String url) {
        if (refusal(url) != null) {
            return null;
        }
        URI uri = URI.create(url);
        ScmFiles files = byHost.get(UrlPaths.hostKey(uri));
        FileUrl file = files.parse(uri);
        String project = files instanceof GithubFiles ? file.project().toLowerCase(java.util.Locale.ROOT) : file.project();
        return files.name() + " " + UrlPaths.encodePath(project) + " " + UrlPaths.encodeQuery(file.ref()) + " " + UrlPaths.encodePath(file.path());
    }

    /**
     * Resolves a target against the URL of the file naming it, as Backstage's integrations do: a URL
     * stays as written, {@code /path} is taken from the repository's root, anything else relative to
     * the file's folder; the base's query is kept, and GitHub URLs come back in their {@code tree}
     * form. Null when no URL results.
     */
    public String resolve(String target, String base) {
        try {
            URI baseUri = new URI(base);
            String resolved;
            if (isUrl(target)) {
                resolved = target;
            } else {
                URI relative;
                if (target.startsWith("/")) {
                    ScmFiles files = byHost.get(UrlPaths.hostKey(baseUri));
                    if (files == null) {
                        return null;
                    }
                    String encodedPath = UrlPaths.encodePath(files.parse(baseUri).path());
                    String rawPath = baseUri.getRawPath();
                    if (!rawPath.endsWith(encodedPath)) {
                        return null;
                    }
                    String root = rawPath.substring(0, rawPath.length() - encodedPath.length()).replaceAll("/+$", "");
                    relative = new URI(baseUri.getScheme() + "://" + baseUri.getRawAuthority() + root + target);
                } else {
                    relative = baseUri.resolve(new URI(null, null, target, null));
                }
                resolved = new URI(relative.getScheme(), relative.getRawAuthority() == null ? null : relative.getAuthority(),
                        relative.getPath(), baseUri.getQuery(), null).toString();
            }
            URI uri = new URI(resolved);
            if (!isUrl(resolved)) {
                // file:, ftp: and the like are never read, and must not fall back to the source's own files
                return null;
            }
            ScmFiles files = byHost.get(UrlPaths.hostKey(uri));
            return files instanceof GithubFiles github ? github.canonical(resolved) : resolved;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The annotations Backstage's {@code AnnotateLocationEntityProcessor} gives an entity read from this URL:
     * {@code backstage.io/view-url} (the URL), {@code backstage.io/edit-url} (the host's edit form) and {@code
     * backstage.io/source-location} ({@code url:} and the file's folder, resolved as the host resolves {@code ./});
     * none for a URL no integration reads.
     */
    public Map<String, String> locationAnnotations(String url) {
        if (refusal(url) != null) {
            return Map.of();
        }
        ScmFiles files = byHost.get(UrlPaths.hostKey(URI.create(url)));
        Map<String, String> annotations = new LinkedHashMap<>();
        // a credential someone put in the URL's query is shown redacted, as in every location
        annotations.put("backstage.io/view-url", Redaction.redact(url));
        String edit = files instanceof GithubFiles github ? github.editUrl(url) : files instanceof GitlabFiles ? GitlabFiles.editUrl(url) : null;
        if (edit != null) {
            annotations.put("backstage.io/edit-url", Redaction.redact(edit));
        }
        String folder = resolve("./", url);
        if (folder != null) {
            annotations.put("backstage.io/source-location", "url:" + Redaction.redact(folder));
        }
        return annotations;
    }

    /** A file's bytes, or null when the host says there is no such file. */
    public byte[] read(String url, int maxBytes) throws UrlReadException {
        return read(url, maxBytes, fetches.deadline());
    }

    /** A file's bytes, or null when the host says there is no such file; waits at most {@code within} (and never longer than its retries take). */
    public byte[] read(String url, int maxBytes, Duration within) throws UrlReadException {
        String refusal = refusal(url);
        if (refusal != null) {
            throw new UrlReadException(refusal);
        }
        URI uri = URI.create(url);
        ScmFiles files = byHost.get(UrlPaths.hostKey(uri));
        try {
            return fetches.fetch(files, files.parse(uri), maxBytes, within);
        } catch (RuntimeException e) {
            throw new UrlReadException("Could not read " + Redaction.redact(url) + " from " + files.name() + fetches.describe(Exceptions.unwrap(e), maxBytes));
        }
    }

    /** Files whose last body is remembered for conditional reads. */
    int remembered() {
        return fetches.remembered();
    }

}
