package io.stagehand.auth;

import io.stagehand.graphql.BadRequestException;
import io.stagehand.graphql.PageInfo;
import io.stagehand.graphql.Paging;
import io.stagehand.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The audit log, for admins. */
@Controller
class AuditController {

    private static final String CURSOR = "audit:";
    private static final JsonMapper JSON = Json.MAPPER;

    private final AuditLog audit;
    private final Paging paging;
    private final Authorizer authorizer;

    AuditController(AuditLog audit, Authorizer authorizer, Paging paging) {
        this.paging = paging;
        this.audit = audit;
        this.authorizer = authorizer;
    }

    /** The schema's AuditEventFilter. */
    record AuditEventFilter(String actor, String permission, AuditEvent.Result result, OffsetDateTime since, OffsetDateTime until) {
    }

    record AuditEventView(String id, OffsetDateTime at, String actor, String permission, String operation, Object arguments, String result,
            String message) {
    }

    record AuditEventEdge(String cursor, AuditEventView node) {
    }

    record AuditEventConnection(List<AuditEventEdge> edges, List<AuditEventView> nodes, PageInfo pageInfo) {
    }

    @QueryMapping
    Mono<AuditEventConnection> auditEvents(@Argument AuditEventFilter filter, @Argument Integer first, @Argument String after) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("first", first);
        arguments.put("after", after);
        int size = paging.first(first, 50);
        Long before = after == null ? null : decode(after);
        AuditEvent.Filter f = filter == null ? AuditEvent.Filter.ALL : new AuditEvent.Filter(filter.actor(), filter.permission(),
                filter.result(), instant(filter.since()), instant(filter.until()));
        return authorizer.check("auditEvents", arguments, Permission.AUDIT_READ)
                .flatMap(caller -> audit.events(f, size + 1, before).collectList())
                .map(events -> {
                    List<AuditEventEdge> edges = new ArrayList<>();
                    for (AuditEvent e : events.subList(0, Math.min(size, events.size()))) {
                        edges.add(new AuditEventEdge(encode(e.id()), view(e)));
                    }
                    PageInfo page = new PageInfo(events.size() > size, after != null, edges.isEmpty() ? null : edges.get(0).cursor(),
                            edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
                    return new AuditEventConnection(edges, edges.stream().map(AuditEventEdge::node).toList(), page);
                });
    }

    private static AuditEventView view(AuditEvent e) {
        return new AuditEventView(String.valueOf(e.id()), OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC), e.actor(), e.permission(),
                e.operation(), JSON.readValue(e.arguments(), Object.class), e.result().name(), e.message());
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR)) {
                return Long.parseLong(text.substring(CURSOR.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new BadRequestException("after is not a cursor of auditEvents");
    }
}
