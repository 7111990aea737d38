package io.stagehand.auth;

import io.stagehand.model.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log ({@code audit_events}): every mutation and every denial, kept for {@code
 * stagehand.audit.retention} and purged every {@code stagehand.audit.purge-every}.
 */
@Repository
public class AuditLog {

    private static final Log log = LogFactory.getLog(AuditLog.class);
    private static final JsonMapper JSON = Json.MAPPER;
    /** Argument names whose values are never stored. */
    private static final Pattern SECRET = Pattern.compile("(?i).*(token|secret|password|credential|authorization).*");
    /** Long values (a dry run's YAML) are cut: the log records what was asked, not whole documents. */
    static final int MAX_VALUE = 1000;

    private final DatabaseClient db;
    private final AuditProperties properties;
    private Disposable purging;

    AuditLog(DatabaseClient db, AuditProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    Mono<Void> record(Caller caller, Permission permission, String operation, Map<String, Object> arguments, AuditEvent.Result result,
            String message) {
        return db.sql("""
                        INSERT INTO audit_events (actor, permission, operation, arguments, result, message)
                        VALUES (:actor, :permission, :operation, CAST(:arguments AS jsonb), :result, :message)""")
                .bind("actor", caller.principal())
                .bind("permission", permission.id())
                .bind("operation", operation)
                .bind("arguments", JSON.writeValueAsString(redacted(arguments)))
                .bind("result", result.name())
                .bind("message", Parameter.fromOrEmpty(message == null ? null : cut(message), String.class))
                .then();
    }

    /** Events newest first, those with an id below {@code beforeId} when given. */
    public Flux<AuditEvent> events(AuditEvent.Filter filter, int limit, Long beforeId) {
        return db.sql("""
                        SELECT id, at, actor, permission, operation, CAST(arguments AS text) AS arguments, result, message FROM audit_events
                        WHERE (CAST(:before AS bigint) IS NULL OR id < :before)
                          AND (CAST(:actor AS text) IS NULL OR lower(actor) = lower(:actor))
                          AND (CAST(:permission AS text) IS NULL OR permission = :permission)
                          AND (CAST(:result AS text) IS NULL OR result = :result)
                          AND (CAST(:since AS timestamptz) IS NULL OR at >= :since)
                          AND (CAST(:until AS timestamptz) IS NULL OR at < :until)
                        ORDER BY id DESC LIMIT :limit""")
                .bind("before", Parameter.fromOrEmpty(beforeId, Long.class))
                .bind("actor", Parameter.fromOrEmpty(filter.actor(), String.class))
                .bind("permission", Parameter.fromOrEmpty(filter.permission(), String.class))
                .bind("result", Parameter.fromOrEmpty(filter.result() == null ? null : filter.result().name(), String.class))
                .bind("since", Parameter.fromOrEmpty(time(filter.since()), OffsetDateTime.class))
                .bind("until", Parameter.fromOrEmpty(time(filter.until()), OffsetDateTime.class))
                .bind("limit", limit)
                .map(row -> new AuditEvent(row.get("id", Long.class), row.get("at", OffsetDateTime.class).toInstant(),
                        row.get("actor", String.class), row.get("permission", String.class), row.get("operation", String.class),
                        row.get("arguments", String.class), AuditEvent.Result.valueOf(row.get("result", String.class)),
                        row.get("message", String.class)))
                .all();
    }

    /** Deletes the events older than the retention; returns how many went. */
    public Mono<Long> purge() {
        return db.sql("DELETE FROM audit_events WHERE at < now() - CAST(:retention AS interval)")
                .bind("retention", properties.retention().toSeconds() + " seconds")
                .fetch().rowsUpdated();
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedulePurge() {
        purging = Flux.interval(properties.purgeEvery(), properties.purgeEvery())
                .onBackpressureDrop()
                .concatMap(tick -> purge().onErrorResume(e -> {
                    log.warn("Purging old audit events failed (tried again in " + properties.purgeEvery() + "): " + e.getMessage());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (purging != null) {
            purging.dispose();
        }
    }

    /** The arguments as stored: values of secret-looking names replaced, long strings cut, other values as text. */
    static Object redacted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), SECRET.matcher(String.valueOf(k)).matches() ? "[redacted]" : redacted(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(redacted(v)));
            return copy;
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return cut(String.valueOf(value));
    }

    private static String cut(String text) {
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "…";
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
