package io.stagehand.scorecard;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The limits on what untrusted content (catalog files, annotations, definitions) can make
 * scorecards do, under {@code stagehand.scorecards} beside {@link ScorecardProperties}: where fact
 * sources may connect, how long a request may take, how large a repository's tree may be, and how
 * many dry runs may wait for a worker ({@code dry-run-queue}; past it a dry run is refused).
 */
@Validated
@ConfigurationProperties("stagehand.scorecards")
public record ContentProperties(
        @Valid @NotNull @DefaultValue Http http,
        @Valid @NotNull @DefaultValue Git git,
        @Min(1) @DefaultValue("16") int dryRunQueue) {

    /**
     * {@code stagehand.scorecards.http.*} beside the timeouts and retries: the hosts fact sources may
     * reach (internal addresses included), and the deadline of one request (each attempt), which a
     * peer that drips its answer cannot stretch as it can the read timeout.
     */
    public record Http(
            List<String> allowedHosts,
            @NotNull @DefaultValue("PT30S") Duration deadline) {

        public Http {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        }
    }

    /**
     * {@code stagehand.scorecards.git.*}: the remote hosts a git fact source or a source-location
     * annotation may name (besides those of the configured git sources), the folders local
     * repositories may be under (besides those of the configured sources), and the caps on a
     * commit's tree: past one, the repository is a problem on its entities, not an out-of-memory.
     */
    public record Git(
            List<String> allowedHosts,
            List<Path> allowedRoots,
            @Min(1) @DefaultValue("500000") int maxTreeEntries,
            @Min(1) @DefaultValue("64") int maxTreeDepth,
            @Min(1) @DefaultValue("67108864") long maxTreeBytes) {

        public Git {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
        }
    }
}
