package io.stagehand.model;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A reference to an entity, {@code kind:namespace/name}. Kind and namespace are kept lower-cased
 * and the name as written, which is how Backstage's {@code stringifyEntityRef} prints refs;
 * {@link #key()} is the case-insensitive identity used for lookups and uniqueness.
 */
public record EntityRef(String kind, String namespace, String name) {

    public static final String DEFAULT_NAMESPACE = "default";

    /**
     * One instance per kind and namespace: a catalog has a handful of each but a ref per entity and
     * per relation, and a source's memory of its files keeps one per entity between runs. Bounded,
     * so odd input cannot grow it.
     */
    private static final Map<String, String> SHARED = new ConcurrentHashMap<>();
    private static final int MAX_SHARED = 4096;

    public EntityRef {
        kind = shared(kind.toLowerCase(Locale.ROOT));
        namespace = shared(namespace.toLowerCase(Locale.ROOT));
    }

    private static String shared(String value) {
        String known = SHARED.get(value);
        if (known != null) {
            return known;
        }
        if (SHARED.size() >= MAX_SHARED) {
            return value;
        }
        known = SHARED.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    /**
     * Parses {@code [kind:][namespace/]name}, filling what is missing from the given defaults.
     *
     * @throws InvalidRefException when the ref is malformed or lacks a kind and no default is given
     */
    public static EntityRef parse(String ref, String defaultKind, String defaultNamespace) {
        if (ref == null || ref.isBlank()) {
            throw new InvalidRefException("Entity reference must be a non-empty string");
        }
        if (ref.indexOf('\0') >= 0) {
            throw new InvalidRefException("Entity reference contains a NUL character");
        }
        String rest = ref.trim();
        String kind = defaultKind;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            kind = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
        }
        String namespace = defaultNamespace == null ? DEFAULT_NAMESPACE : defaultNamespace;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            namespace = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        if (kind == null || kind.isEmpty()) {
            throw new InvalidRefException("Entity reference \"" + ref + "\" had missing or empty kind (e.g. did not start with \"component:\" or similar)");
        }
        if (namespace.isEmpty()) {
            throw new InvalidRefException("Entity reference \"" + ref + "\" had missing or empty namespace");
        }
        if (rest.isEmpty() || rest.indexOf(':') >= 0 || rest.indexOf('/') >= 0) {
            throw new InvalidRefException("Entity reference \"" + ref + "\" was not on the form [<kind>:][<namespace>/]<name>");
        }
        return new EntityRef(kind, namespace, rest);
    }

    /** Parses a complete ref as typed by a user; the namespace defaults to {@code default}. */
    public static EntityRef parse(String ref) {
        return parse(ref, null, DEFAULT_NAMESPACE);
    }

    /** The case-insensitive identity: the whole ref lower-cased. */
    public String key() {
        return toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return kind + ":" + namespace + "/" + name;
    }
}
