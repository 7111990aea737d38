package io.stagehand.integrations;

import io.stagehand.http.HttpResilience;
import java.net.URI;
import reactor.core.publisher.Mono;

/**
 * The files of one source-control host as its URL reader sees them: which URLs name a file there,
 * and the API request that reads one with the host's credentials. The request always goes to the
 * integration's configured API or raw base URL, never to the host a URL names.
 */
interface ScmFiles {

    /** The host and product, for messages: {@code GitHub (github.com)}. */
    String name();

    HttpResilience resilience();

    /** The file a URL names on this host, or an {@link IllegalArgumentException} whose message says which forms are accepted. */
    FileUrl parse(URI url);

    /** The request that reads the file; may first mint a credential (a GitHub App installation token). */
    Mono<FileRequest> request(FileUrl file);

    /** Whether a successful answer lists a folder instead of giving a file's content. */
    default boolean listing(org.springframework.http.HttpHeaders headers, byte[] body) {
        return false;
    }

    /** A credential the host refused (HTTP 401) is not used again. */
    default void refused(FileUrl file) {
    }

    /** A file in a repository: its project ({@code owner/repo}, or a GitLab project path), ref and path, decoded. */
    record FileUrl(String project, String ref, String path) {
    }

    /** A request for a file's raw content: where, and the value of the {@code Authorization} header (null for none). */
    record FileRequest(URI uri, String authorization, String accept) {
        @Override
        public String toString() {
            return "FileRequest[" + uri + "]";
        }
    }
}
