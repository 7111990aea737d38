package io.stagehand.catalog.store;

import io.stagehand.model.Json;
import io.stagehand.postgres.ReplicaIdentity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells the other replicas what a run changed, through PostgreSQL's {@code NOTIFY} on channel
 * {@value #CHANNEL}: sent inside the run's transaction, so it is delivered when (and only if) the run
 * commits, to every session listening then ({@link ChangeListener}). A payload holds at most about
 * 7 kB (PostgreSQL's limit is 8,000 bytes), so a large run sends several, each naming its changes.
 */
@Component
public class ChangeNotifications {

    public static final String CHANNEL = "stagehand_changes";
    static final int MAX_PAYLOAD_BYTES = 7000;
    private static final JsonMapper JSON = Json.MAPPER;

    private final DatabaseClient db;
    private final ReplicaIdentity replica;

    public ChangeNotifications(DatabaseClient db, ReplicaIdentity replica) {
        this.db = db;
        this.replica = replica;
    }

    /** What one notification says: who wrote, which run of which source, and (some of) its changes. */
    public record Notice(String replica, String source, long run, boolean first, List<CatalogChange> changes) {
    }

    /** One statement in the caller's transaction; always at least one notification, so a run with no change is told too. */
    public Mono<Void> announce(String source, long runId, List<CatalogChange> changes) {
        return db.sql("SELECT pg_notify('" + CHANNEL + "', p) FROM unnest(CAST(:payloads AS text[])) WITH ORDINALITY AS t(p, i) ORDER BY i")
                .bind("payloads", payloads(replica.id(), source, runId, changes).toArray(String[]::new))
                .then();
    }

    static List<String> payloads(String replica, String source, long runId, List<CatalogChange> changes) {
        List<String> payloads = new ArrayList<>();
        ObjectNode notice = header(replica, source, runId, 0);
        int size = notice.toString().getBytes(StandardCharsets.UTF_8).length;
        for (CatalogChange change : changes) {
            // a letter for the type and the ref, as written: ["U","component:default/a"]
            String type = change.type().name().substring(0, 1);
            int entrySize = change.ref().getBytes(StandardCharsets.UTF_8).length + 10;
            if (size + entrySize > MAX_PAYLOAD_BYTES && !notice.path("c").isEmpty()) {
                payloads.add(notice.toString());
                notice = header(replica, source, runId, payloads.size());
                size = notice.toString().getBytes(StandardCharsets.UTF_8).length;
            }
            ArrayNode entry = ((ArrayNode) notice.path("c")).addArray();
            entry.add(type).add(change.ref());
            size += entrySize;
        }
        payloads.add(notice.toString());
        return payloads;
    }

    private static ObjectNode header(String replica, String source, long runId, int index) {
        ObjectNode notice = JSON.createObjectNode();
        notice.put("w", replica).put("s", source).put("r", runId).put("i", index).putArray("c");
        return notice;
    }

    /** A payload read back, or an error naming what is wrong with it. */
    static Notice parse(String payload) {
        JsonNode node = JSON.readTree(payload);
        String source = node.path("s").asString();
        List<CatalogChange> changes = new ArrayList<>();
        for (JsonNode entry : node.path("c")) {
            CatalogChange.Type type = switch (entry.path(0).asString()) {
                case "C" -> CatalogChange.Type.CREATED;
                case "U" -> CatalogChange.Type.UPDATED;
                case "D" -> CatalogChange.Type.DELETED;
                default -> throw new IllegalArgumentException("Unknown change type in notification: " + entry);
            };
            changes.add(new CatalogChange(source, entry.path(1).asString(), type));
        }
        return new Notice(node.path("w").asString(), source, node.path("r").asLong(), node.path("i").asInt() == 0, changes);
    }
}
