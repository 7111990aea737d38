package io.stagehand.catalog.ingest;

import io.stagehand.catalog.store.RunQueries;
import io.stagehand.catalog.store.SourceState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reports each source's latest run and last success under {@code /actuator/health}. A failing
 * source does not make Stagehand unhealthy: the last good catalog is still served.
 */
@Component("sources")
class SourcesHealthIndicator extends AbstractReactiveHealthIndicator {

    private final CatalogSources sources;
    private final RunQueries runs;

    SourcesHealthIndicator(CatalogSources sources, RunQueries runs) {
        this.sources = sources;
        this.runs = runs;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return runs.sourceStates().map(states -> {
            for (CatalogSource source : sources.all()) {
                SourceState state = states.get(source.name());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("type", source.sourceType().label());
                details.put("lastRun", state == null ? "never" : state.lastStatus());
                details.put("stale", state != null && "FAILED".equals(state.lastStatus()));
                if (sources.circuitState(source.name()) != null) {
                    details.put("circuitState", sources.circuitState(source.name()));
                }
                if (state != null) {
                    details.put("lastRunAt", state.lastRunAt().toString());
                    details.put("lastSuccessAt", state.lastSuccessAt() == null ? "never" : state.lastSuccessAt().toString());
                    if (state.lastMessage() != null) {
                        details.put("message", state.lastMessage());
                    }
                }
                builder.withDetail(source.name(), details);
            }
            return builder.up().build();
        });
    }
}
