package io.stagehand.auth;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagehand.audit.*}: how long audit events are kept and how often older ones are purged.
 */
@Validated
@ConfigurationProperties("stagehand.audit")
public record AuditProperties(
        @NotNull @DefaultValue("P365D") Duration retention,
        @NotNull @DefaultValue("PT1H") Duration purgeEvery) {
}
