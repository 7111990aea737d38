package io.stagehand.integrations;

import io.stagehand.http.HttpResilience;
import io.stagehand.integrations.IntegrationsProperties.GithubIntegration;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Files on a GitHub host, in the URL forms Backstage's {@code GithubUrlReader} accepts: {@code
 * https://<host>/<owner>/<repo>/blob/<ref>/<path>} (or {@code tree} or {@code raw} in place of
 * {@code blob}), and URLs under the integration's {@code rawBaseUrl} ({@code
 * https://raw.githubusercontent.com/<owner>/<repo>/<ref>/<path>}). As Backstage chooses, a file is
 * read through the contents API with the raw media type when the host has credentials (or no raw
 * URL), else from the raw URL.
 */
final class GithubFiles implements ScmFiles {

    private static final String RAW_MEDIA_TYPE = "application/vnd.github.v3.raw";

    private final GithubIntegration integration;
    private final GithubCredentials credentials;
    private final WebClient client;
    private final HttpResilience resilience;

    GithubFiles(GithubIntegration integration, GithubCredentials credentials, WebClient client, HttpResilience resilience) {
        this.integration = integration;
        this.credentials = credentials;
        this.client = client;
        this.resilience = resilience;
    }

    @Override
    public String name() {
        return "GitHub (" + integration.host() + ")";
    }

    @Override
    public HttpResilience resilience() {
        return resilience;
    }

    @Override
    public FileUrl parse(URI url) {
        if (integration.apiBaseUrl() == null && integration.rawBaseUrl() == null) {
            throw new IllegalArgumentException("the GitHub integration of " + integration.host() + " has neither an apiBaseUrl nor a rawBaseUrl");
        }
        String text = url.toString();
        String raw = integration.rawBaseUrl();
        List<String> segments;
        if (raw != null && text.regionMatches(true, 0, raw + "/", 0, raw.length() + 1)) {
            segments = UrlPaths.segments(URI.create(text.substring(raw.length())).getRawPath());
            if (segments.size() >= 4 && UrlPaths.plain(segments)) {
                return new FileUrl(segments.get(0) + "/" + segments.get(1), segments.get(2), String.join("/", segments.subList(3, segments.size())));
            }
        } else {
            segments = UrlPaths.segments(url.getRawPath());
            if (segments.size() >= 5 && List.of("blob", "tree", "raw").contains(segments.get(2)) && UrlPaths.plain(segments)) {
                return new FileUrl(segments.get(0) + "/" + segments.get(1), segments.get(3), String.join("/", segments.subList(4, segments.size())));
            }
        }
        throw new IllegalArgumentException("it is not a GitHub file URL such as https://" + integration.host() + "/owner/repo/blob/main/catalog-info.yaml");
    }

    @Override
    public Mono<FileRequest> request(FileUrl file) {
        String owner = file.project().substring(0, file.project().indexOf('/'));
        return credentials.forOwner(integration, owner, client, resilience).map(authorization -> {
            if (integration.apiBaseUrl() != null && (authorization.header() != null || integration.rawBaseUrl() == null)) {
                return new FileRequest(URI.create(integration.apiBaseUrl() + "/repos/" + UrlPaths.encodePath(file.project()) + "/contents/"
                        + UrlPaths.encodePath(file.path()) + "?ref=" + UrlPaths.encodeQuery(file.ref())), authorization.header(), RAW_MEDIA_TYPE);
            }
            return new FileRequest(URI.create(integration.rawBaseUrl() + "/" + UrlPaths.encodePath(file.project()) + "/"
                    + UrlPaths.encodePath(file.ref()) + "/" + UrlPaths.encodePath(file.path())), authorization.header(), null);
        });
    }

    /** The contents API answers a folder with a JSON array of its entries, whatever media type was asked for. */
    @Override
    public boolean listing(HttpHeaders headers, byte[] body) {
        MediaType type = headers.getContentType();
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            return false;
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '[';
            }
        }
        return false;
    }

    @Override
    public void refused(FileUrl file) {
        credentials.forget(integration, file.project().substring(0, file.project().indexOf('/')));
    }

    /** A file URL of this host in its {@code edit} form, as Backstage's {@code GithubIntegration.resolveEditUrl} gives it; null for a raw URL. */
    String editUrl(String url) {
        String edit = url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/]+/[^/]+/[^/]+/)(blob|tree|raw)/", "$1edit/");
        return edit.equals(url) ? null : edit;
    }

    /** A file URL of this host in the {@code tree} form Backstage's {@code GithubIntegration.resolveUrl} gives every URL it resolves. */
    String canonical(String url) {
        String raw = integration.rawBaseUrl();
        if (raw != null && url.regionMatches(true, 0, raw + "/", 0, raw.length() + 1)) {
            return url;
        }
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/]+/[^/]+/[^/]+/)(blob|tree|edit)/", "$1tree/");
    }
}
