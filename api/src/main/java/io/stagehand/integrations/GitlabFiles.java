package io.stagehand.integrations;

import io.stagehand.http.HttpResilience;
import io.stagehand.integrations.IntegrationsProperties.GitlabIntegration;
import java.net.URI;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Files on a GitLab host, in the URL forms Backstage's {@code GitlabUrlReader} accepts: {@code
 * https://<host>/<group>/<project>/-/blob/<ref>/<path>} and the older form without {@code -/}
 * (sub-groups allowed), and GitLab's {@code /-/raw/} links. A file is read through the repository
 * files API ({@code GET /projects/:id/repository/files/:file_path/raw?ref=}), with the project
 * named by its encoded path, which GitLab accepts in place of its id, so no lookup request is needed.
 */
final class GitlabFiles implements ScmFiles {

    private final GitlabIntegration integration;
    private final HttpResilience resilience;

    GitlabFiles(GitlabIntegration integration, HttpResilience resilience) {
        this.integration = integration;
        this.resilience = resilience;
    }

    @Override
    public String name() {
        return "GitLab (" + integration.host() + ")";
    }

    @Override
    public HttpResilience resilience() {
        return resilience;
    }

    @Override
    public FileUrl parse(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String prefix = integration.relativePath();
        if (!prefix.isEmpty() && path.startsWith(prefix + "/")) {
            path = path.substring(prefix.length());
        }
        for (String marker : List.of("/-/blob/", "/-/raw/", "/blob/")) {
            int at = path.indexOf(marker);
            if (at > 0) {
                List<String> project = UrlPaths.segments(path.substring(0, at));
                List<String> rest = UrlPaths.segments(path.substring(at + marker.length()));
                if (project.size() >= 2 && rest.size() >= 2 && UrlPaths.plain(project) && UrlPaths.plain(rest)) {
                    return new FileUrl(String.join("/", project), rest.get(0), String.join("/", rest.subList(1, rest.size())));
                }
            }
        }
        throw new IllegalArgumentException("it is not a GitLab file URL such as https://" + integration.host()
                + "/group/project/-/blob/main/catalog-info.yaml");
    }

    @Override
    public Mono<FileRequest> request(FileUrl file) {
        return Mono.just(new FileRequest(URI.create(integration.apiBaseUrl() + "/projects/" + UrlPaths.encodeSegment(file.project())
                + "/repository/files/" + UrlPaths.encodeSegment(file.path()) + "/raw?ref=" + UrlPaths.encodeQuery(file.ref())),
                integration.token() == null ? null : "Bearer " + integration.token().value(), null));
    }

    /** A file URL in its {@code edit} form, as Backstage's {@code GitLabIntegration.resolveEditUrl} gives it; null when it has no {@code /-/blob/}. */
    static String editUrl(String url) {
        String edit = url.replaceFirst("/-/blob/", "/-/edit/");
        return edit.equals(url) ? null : edit;
    }
}
