package io.stagehand.model;

import java.util.List;
import java.util.Set;

/**
 * What Stagehand knows of each built-in kind: the apiVersions Backstage accepts for it and the
 * spec fields its JSON schema requires. Other kinds are accepted as generic entities.
 */
public enum Kind {
    COMPONENT("Component", List.of("type", "lifecycle", "owner"), Set.of("providesApis", "consumesApis", "dependsOn", "dependencyOf")),
    API("API", List.of("type", "lifecycle", "owner", "definition"), Set.of()),
    RESOURCE("Resource", List.of("type", "owner"), Set.of("dependsOn", "dependencyOf")),
    SYSTEM("System", List.of("owner"), Set.of()),
    DOMAIN("Domain", List.of("owner"), Set.of()),
    GROUP("Group", List.of("type", "children"), Set.of("children", "members")),
    USER("User", List.of("memberOf"), Set.of("memberOf")),
    LOCATION("Location", List.of(), Set.of("targets")),
    TEMPLATE("Template", List.of("type"), Set.of());

    private static final Set<String> BACKSTAGE_VERSIONS = Set.of("backstage.io/v1alpha1", "backstage.io/v1beta1");
    private static final Set<String> TEMPLATE_VERSIONS = Set.of("scaffolder.backstage.io/v1beta3", "backstage.io/v1beta2");

    private final String displayName;
    private final List<String> requiredSpecFields;
    private final Set<String> arrayFields;

    Kind(String displayName, List<String> requiredSpecFields, Set<String> arrayFields) {
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
        return arrayFields;
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
