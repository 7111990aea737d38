package io.stagehand.catalog.graphql;

import io.stagehand.catalog.store.StoredEntity;
import io.stagehand.model.EntityRef;
import io.stagehand.model.InvalidRefException;
import io.stagehand.model.Json;
import io.stagehand.model.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.modulith.NamedInterface;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * An entity as GraphQL sees it: the stored row plus accessors over its descriptor for every
 * field of every kind's type. The descriptor is parsed once, on first use.
 */
@NamedInterface("graphql")
public final class EntityView {

    /** The schema's object types of entities, one per built-in kind and one for any other. */
    public static final List<String> TYPES =
            List.of("Component", "Api", "Resource", "System", "Domain", "Group", "User", "Location", "Template", "GenericEntity");

    private static final JsonMapper JSON = Json.MAPPER;

    private final StoredEntity row;
    private JsonNode descriptor;

    EntityView(StoredEntity row) {
        this.row = row;
    }

    /** Key and value of a metadata map. */
    public record KeyValue(String key, String value) {
    }

    /** One of metadata.links. */
    public record Link(String url, String title, String icon, String type) {
    }

    /** spec.profile of a Group or User. */
    public record Profile(String displayName, String email, String picture) {
    }

    /** The fields answered from the stored row alone, without parsing the descriptor (a large page may leave it unread). */
    static final Set<String> ROW_FIELDS = Set.of("__typename", "ref", "kind", "namespace", "name", "title", "description", "source",
            "location", "line", "uid", "etag");

    public String key() {
        return row.key();
    }

    /** The GraphQL object type of this entity. */
    String graphQlType() {
        Kind kind = Kind.of(row.kind());
        if (kind == null) {
            return "GenericEntity";
        }
        return kind == Kind.API ? "Api" : kind.displayName();
    }

    JsonNode node() {
        if (row.descriptor() == null) {
            throw new IllegalStateException("The descriptor of " + row.ref() + " was not loaded for this query");
        }
        if (descriptor == null) {
            descriptor = JSON.readTree(row.descriptor());
        }
        return descriptor;
    }

    private JsonNode spec() {
        return node().path("spec");
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : null;
    }

    public String ref() {
        return row.ref();
    }

    public String kind() {
        return row.kind();
    }

    public String apiVersion() {
        return text(node().path("apiVersion"));
    }

    public String namespace() {
        return row.namespace();
    }

    public String name() {
        return row.name();
    }

    public String title() {
        return row.title();
    }

    public String description() {
        return row.description();
    }

    public String source() {
        return row.source();
    }

    public String location() {
        return row.location();
    }

    public int line() {
        return row.line();
    }

    public String uid() {
        return row.uid();
    }

    public String etag() {
        return row.etag();
    }

    public List<KeyValue> labels() {
        return keyValues(node().path("metadata").path("labels"));
    }

    public List<KeyValue> annotations() {
        return keyValues(node().path("metadata").path("annotations"));
    }

    public String annotation(String key) {
        return text(node().path("metadata").path("annotations").path(key));
    }

    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        node().path("metadata").path("tags").forEach(t -> tags.add(t.asString()));
        return tags;
    }

    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (JsonNode link : node().path("metadata").path("links")) {
            links.add(new Link(text(link.path("url")), text(link.path("title")), text(link.path("icon")), text(link.path("type"))));
        }
        return links;
    }

    /**
     * The stored descriptor written into the answer as it is (compacted once, when the row was read:
     * {@link io.stagehand.catalog.store.StoredJson}), not parsed and serialised again.
     */
    public RawValue descriptor() {
        if (row.descriptor() == null) {
            throw new IllegalStateException("The descriptor of " + row.ref() + " was not loaded for this query");
        }
        return new RawValue(row.descriptor());
    }

    public Object specJson() {
        return spec().isObject() ? JSON.convertValue(spec(), Object.class) : Map.of();
    }

    public String type() {
        return text(spec().path("type"));
    }

    public String lifecycle() {
        return text(spec().path("lifecycle"));
    }

    public String definition() {
        JsonNode definition = spec().path("definition");
        if (definition.isMissingNode() || definition.isNull()) {
            return null;
        }
        return definition.isString() ? definition.stringValue() : JSON.writeValueAsString(definition);
    }

    public Profile profile() {
        JsonNode profile = spec().path("profile");
        if (!profile.isObject()) {
            return null;
        }
        return new Profile(text(profile.path("displayName")), text(profile.path("email")), text(profile.path("picture")));
    }

    public String target() {
        return text(spec().path("target"));
    }

    public List<String> targets() {
        List<String> targets = new ArrayList<>();
        spec().path("targets").forEach(t -> targets.add(t.asString()));
        return targets;
    }

    public String presence() {
        String presence = text(spec().path("presence"));
        return presence == null ? "required" : presence;
    }

    /** The ref a spec field names, resolved with the field's default kind, or null. */
    String specRef(String field, String defaultKind) {
        String value = text(spec().path(field));
        if (value == null) {
            return null;
        }
        try {
            return EntityRef.parse(value, defaultKind, row.namespace()).toString();
        } catch (InvalidRefException e) {
            return null;
        }
    }

    private static List<KeyValue> keyValues(JsonNode map) {
        List<KeyValue> values = new ArrayList<>();
        for (String key : map.propertyNames()) {
            values.add(new KeyValue(key, map.get(key).asString()));
        }
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntityView view && view.row.key().equals(row.key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(row.key());
    }
}
