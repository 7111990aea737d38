package io.stagehand.scorecard;

import io.stagehand.http.HttpSettings;
import io.stagehand.scorecard.evaluation.Evaluation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code stagehand.scorecards}: whether evaluation follows the catalog by itself
 * ({@code schedule}: after runs, on a timer; otherwise only on demand), where definitions are read from, the weights of
 * the four classes, how often everything is evaluated again (for time-based rules and expiring
 * exemptions), how long history is kept, the daily trend snapshots, and the HTTP settings of http fact sources.
 */
@Validated
@ConfigurationProperties("stagehand.scorecards")
public record ScorecardProperties(
        @DefaultValue("true") boolean schedule,
        List<Path> paths,
        @DefaultValue("true") boolean builtIn,
        @Valid @NotNull @DefaultValue Weights weights,
        @NotNull @DefaultValue("PT1H") Duration reevaluateEvery,
        @NotNull @DefaultValue("P365D") Duration historyRetention,
        // two batches are in flight: larger ones outlive the young generation of the tuned heap, and
        // collections then copy and promote their documents (docs/benchmarks.md, "Scorecards, eighth round")
        @Min(100) @Max(20000) @DefaultValue("1000") int batchSize,
        @Min(1) @Max(256) @DefaultValue("8") int httpConcurrency,
        @NotNull @DefaultValue("stagehand-data/demo-repository") Path demoRepository,
        @Valid @NotNull @DefaultValue HttpSettings http,
        @Valid @NotNull @DefaultValue Exemptions exemptions,
        @Valid @NotNull @DefaultValue Trends trends) {

    public ScorecardProperties {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }

    /** Exemptions made through the API: how far ahead their expiry may lie. */
    public record Exemptions(@NotNull @DefaultValue("P180D") Duration maxDuration) {
    }

    /**
     * The daily snapshots behind {@code scorecardTrend}: how long a day's rows are kept, and how often
     * the day's snapshot is taken again (each time replacing that day's rows, so a day ends up with its
     * last state).
     */
    public record Trends(@NotNull @DefaultValue("P730D") Duration retention, @NotNull @DefaultValue("PT1H") Duration every) {

        public Trends {
            if (retention != null && retention.toDays() < 1) {
                throw new IllegalArgumentException("stagehand.scorecards.trends.retention must be at least one day");
            }
            if (every != null && every.toMinutes() < 1) {
                throw new IllegalArgumentException("stagehand.scorecards.trends.every must be at least one minute");
            }
        }
    }

    /** The numbers behind critical, high, medium and low. */
    public record Weights(
            @DecimalMin("0") @DefaultValue("8") double critical,
            @DecimalMin("0") @DefaultValue("4") double high,
            @DecimalMin("0") @DefaultValue("2") double medium,
            @DecimalMin("0") @DefaultValue("1") double low) {

        public Evaluation.Weights asWeights() {
            return new Evaluation.Weights(critical, high, medium, low);
        }
    }
}
