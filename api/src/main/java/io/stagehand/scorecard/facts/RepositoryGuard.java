package io.stagehand.scorecard.facts;

import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.scorecard.ContentProperties;
import io.stagehand.scorecard.ScorecardConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which repositories git facts may read besides the clone of the source an entity came from: a
 * remote on a host the operator allows ({@code stagehand.scorecards.git.allowed-hosts}, and the
 * hosts of the configured git, github and gitlab sources), or a local folder under an allowed root
 * ({@code stagehand.scorecards.git.allowed-roots}, and the folders of the configured sources). An
 * annotation can name any URL or path; without this, it could make the server fetch from an
 * internal host or read any repository on its disk.
 */
public final class RepositoryGuard {

    private final Set<String> hosts;
    private final List<Path> roots;

    RepositoryGuard(Collection<String> hosts, Collection<Path> roots) {
        this.hosts = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.roots = roots.stream().map(RepositoryGuard::real).toList();
    }

    /** The operator's lists with the hosts and folders of the configured sources and the given allowances. */
    public static RepositoryGuard of(ContentProperties.Git git, CatalogProperties stagehand, Collection<ScorecardConfig.Allowance> allowances) {
        List<String> hosts = new ArrayList<>(git.allowedHosts());
        List<Path> roots = new ArrayList<>(git.allowedRoots());
        for (SourceProperties source : stagehand.sources()) {
            if (source.type() == CatalogProperties.SourceType.FILE && source.path() != null) {
                roots.add(source.path());
            } else if (source.type() == CatalogProperties.SourceType.GIT && source.url() != null) {
                String host = hostOf(source.url());
                if (host != null) {
                    hosts.add(host);
                } else {
                    roots.add(Path.of(source.url().replaceFirst("^file:(//)?", "")));
                }
            } else if (source.type() == CatalogProperties.SourceType.GITHUB || source.type() == CatalogProperties.SourceType.GITLAB) {
                // the host a discovery source reads: its entities' source-location annotations name its repositories
                String host = source.host() == null || source.host().isBlank()
                        ? (source.type() == CatalogProperties.SourceType.GITHUB ? "github.com" : null) : source.host().trim();
                if (host != null) {
                    hosts.add(host.replaceFirst(":[0-9]+$", ""));
                }
            }
        }
        allowances.forEach(a -> roots.addAll(a.gitRoots()));
        return new RepositoryGuard(hosts, roots);
    }

    /** Why git facts may not read this repository, in a fixed form, or null; a source's own clone is always allowed. */
    String refusal(GitRepositories.Located located) {
        Path local = located.localPath();
        if (local != null) {
            Path real = real(local);
            return roots.stream().anyMatch(real::startsWith) ? null
                    : "A local repository outside stagehand.scorecards.git.allowed-roots is not read";
        }
        String url = located.remoteUrl();
        if (url != null) {
            String host = hostOf(url);
            return host != null && hosts.contains(host.toLowerCase(Locale.ROOT)) ? null
                    : "A repository on a host not in stagehand.scorecards.git.allowed-hosts is not read";
        }
        return null;
    }

    /** The host of a URL with a scheme, or null (a local path, or a URL that does not parse). */
    private static String hostOf(String url) {
        if (!url.contains("://") || url.startsWith("file:")) {
            return null;
        }
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The absolute path with symbolic links resolved where it exists, so a link under a root cannot lead out of it. */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }
}
