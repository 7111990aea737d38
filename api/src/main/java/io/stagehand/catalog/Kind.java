package io.stagehand.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Stagehand knows of each built-in kind: the apiVersions Backstage accepts for it and the
 * spec fields its JSON schema requires. Other kinds are accepted as generic entities.
 */
public enum Kind {
    COMPONENT("Component", List.of("type", "lifecycle", "owner"), Map.of("providesApis", true, "consumesApis", true, "dependsOn", true, "dependencyOf", true)),
    API("API", List.of("type", "lifecycle", "owner", "definition"), Map.of()),
    RESOURCE("Resource", List.of("type", "owner"), Map.of("dependsOn", true, "dependencyOf", true)),
    SYSTEM("System", List.of("owner"), Map.of()),
    DOMAIN("Domain", List.of("owner"), Map.of()),
    GROUP("Group", List.of("type", "children"), Map.of("children", true, "members", true)),
    USER("User", List.of("memberOf"), Map.of("memberOf", true)),
    LOCATION("Location", List.of(), Map.of("targets", true)),
    TEMPLATE("Template", List.of("type"), Map.of());

    private static final Set<String> BACKSTAGE_VERSIONS = Set.of("backstage.io/v1alpha1", "backstage.io/v1beta1");
    private static final Set<String> TEMPLATE_VERSIONS = Set.of("scaffolder.backstage.io/v1beta3", "backstage.io/v1beta2");

    private final String displayName;
    private final List<String> requiredSpecFields;
    private final Map<String, Boolean> arrayFields;

    Kind(String displayName, List<String> requiredSpecFields, Map<String, Boolean> arrayFields) {
        this.displayName = displayName;
        this.requiredSpecFields = requiredSpecFields;
        this.arrayFields = arrayFields;
    }

    public String displayName() {
        return displayName;
    }

    public List<String> requiredSpecFields() {
        return requiredSpecFields;
    }

    /** Spec fields that must be arrays of strings when present. */
    public Set<String> arrayFields() {
        return arrayFields.keySet();
    }

    public boolean acceptsApiVersion(String apiVersion) {
        return this == TEMPLATE ? TEMPLATE_VERSIONS.contains(apiVersion) : BACKSTAGE_VERSIONS.contains(apiVersion);
    }

    /** The built-in kind spelled exactly so (Backstage's schemas match kinds case-sensitively), or null. */
    public static Kind of(String kind) {
        for (Kind k : values()) {
            if (k.displayName.equals(kind)) {
                return k;
            }
        }
        return null;
    }

    /** The built-in kind whose name matches ignoring case, or null. */
    public static Kind ofIgnoringCase(String kind) {
        for (Kind k : values()) {
            if (k.displayName.equalsIgnoreCase(kind)) {
                return k;
            }
        }
        return null;
    }
}
