package io.stagehand.catalog;

import io.stagehand.catalog.CatalogProperties.LdapOptions;
import io.stagehand.catalog.CatalogProperties.LdapSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ldap source's {@code users} and {@code groups} as Backstage's {@code ldapOrg} takes them: one
 * search object or a list of them, and {@code options.paged} as a boolean or as {@code {pageSize,
 * pagePause}}. Spring's binder cannot bind either-shape values to one type, so the source binds them
 * as raw trees (a list arrives as a map keyed {@code 0, 1, ...}) and they are read here, where a bad
 * shape is refused with the key that has it.
 */
final class LdapSearches {

    private static final Set<String> SEARCH_KEYS = Set.of("dn", "options", "map", "set");
    private static final Set<String> OPTION_KEYS = Set.of("filter", "scope", "attributes", "paged", "pagesize", "sizelimit", "timelimit",
            "derefaliases", "typesonly");
    private static final Set<String> MAP_KEYS = Set.of("rdn", "name", "description", "displayName", "email", "picture", "memberOf", "type",
            "members");

    private LdapSearches() {
    }

    /** The searches under {@code key} ({@code users} or {@code groups}), in the order written; none when it is not set. */
    static List<LdapSearch> of(Map<String, Object> raw, String key) {
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        Object tree = plain(raw);
        if (tree instanceof List<?> list) {
            List<LdapSearch> searches = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                searches.add(search(list.get(i), key + "[" + i + "]", ""));
            }
            return List.copyOf(searches);
        }
        return List.of(search(tree, key, " or a list of them"));
    }

    private static LdapSearch search(Object tree, String at, String orList) {
        if (!(tree instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(at + ": must be a search (an object with dn, options, map and set)" + orList);
        }
        Map<String, Object> values = object(tree, at);
        unknown(values, SEARCH_KEYS, at);
        String dn = text(values.get("dn"), at + ".dn");
        if (dn == null || dn.isBlank()) {
            throw new IllegalArgumentException(at + ".dn: every users and groups search needs the DN it searches under");
        }
        Map<String, String> map = new LinkedHashMap<>();
        if (values.get("map") != null) {
            object(values.get("map"), at + ".map").forEach((name, attribute) -> {
                String field = MAP_KEYS.stream().filter(known -> flat(known).equals(flat(name))).findFirst().orElseThrow(
                        () -> new IllegalArgumentException(at + ".map." + name + ": not a field Backstage maps (one of " + MAP_KEYS + ")"));
                map.put(field, text(attribute, at + ".map." + name));
            });
        }
        Map<String, Object> set = values.get("set") == null ? null : object(values.get("set"), at + ".set");
        return new LdapSearch(dn, options(values.get("options") == null ? Map.of() : object(values.get("options"), at + ".options"),
                at + ".options"), map, set);
    }

    private static LdapOptions options(Map<String, Object> values, String at) {
        unknown(values, OPTION_KEYS, at);
        Map<String, Object> by = new LinkedHashMap<>();
        values.forEach((name, value) -> by.put(flat(name), value));
        String scope = text(by.get("scope"), at + ".scope");
        scope = scope == null ? "one" : scope.toLowerCase(Locale.ROOT);
        if (!Set.of("base", "one", "sub").contains(scope)) {
            throw new IllegalArgumentException(at + ".scope: must be base, one or sub");
        }
        List<String> attributes = null;
        if (by.get("attributes") != null) {
            Object list = by.get("attributes");
            attributes = list instanceof List<?> items ? items.stream().map(item -> text(item, at + ".attributes")).toList()
                    : List.of(text(list, at + ".attributes").split("\\s*,\\s*"));
        }
        boolean paged = true;
        Integer pageSize = number(by.get("pagesize"), at + ".page-size");
        Object pagedValue = by.get("paged");
        if (pagedValue instanceof Map<?, ?> paging) {
            Map<String, Object> settings = object(paging, at + ".paged");
            unknown(settings, Set.of("pagesize", "pagepause"), at + ".paged");
            Map<String, Object> flatSettings = new LinkedHashMap<>();
            settings.forEach((name, value) -> flatSettings.put(flat(name), value));
            Integer size = number(flatSettings.get("pagesize"), at + ".paged.pageSize");
            pageSize = size == null ? pageSize : size;
            bool(flatSettings.get("pagepause"), at + ".paged.pagePause");
        } else if (pagedValue != null) {
            paged = bool(pagedValue, at + ".paged");
        }
        int size = pageSize == null ? 500 : pageSize;
        if (size < 1) {
            throw new IllegalArgumentException(at + ".paged.pageSize: must be at least 1");
        }
        Integer sizeLimit = number(by.get("sizelimit"), at + ".sizeLimit");
        Integer timeLimit = number(by.get("timelimit"), at + ".timeLimit");
        Integer deref = number(by.get("derefaliases"), at + ".derefAliases");
        if (deref != null && (deref < 0 || deref > 3)) {
            throw new IllegalArgumentException(at + ".derefAliases: must be 0 (never), 1 (searching), 2 (finding) or 3 (always)");
        }
        return new LdapOptions(text(by.get("filter"), at + ".filter"), scope, attributes, paged, size,
                sizeLimit == null ? 0 : sizeLimit, timeLimit == null ? 0 : timeLimit, deref == null ? 0 : deref,
                Boolean.TRUE.equals(bool(by.get("typesonly"), at + ".typesOnly")));
    }

    /** The bound tree with maps keyed {@code 0..n-1} (how the binder gives lists) turned back into lists. */
    static Object plain(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
        boolean indexed = !copy.isEmpty();
        for (int i = 0; i < copy.size() && indexed; i++) {
            indexed = copy.containsKey(Integer.toString(i));
        }
        if (!indexed) {
            return copy;
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
            list.add(copy.get(Integer.toString(i)));
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String at) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) plain(map);
        }
        throw new IllegalArgumentException(at + ": must be an object");
    }

    private static void unknown(Map<String, Object> values, Set<String> known, String at) {
        for (String name : values.keySet()) {
            if (known.stream().noneMatch(k -> flat(k).equals(flat(name)))) {
                throw new IllegalArgumentException(at + "." + name + ": not a key Backstage's ldapOrg reads here (" + known + ")");
            }
        }
    }

    private static String text(Object value, String at) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value == null ? null : value.toString();
        }
        throw new IllegalArgumentException(at + ": must be a single value");
    }

    private static Integer number(Object value, String at) {
        String text = text(value, at);
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": must be a whole number");
        }
    }

    private static Boolean bool(Object value, String at) {
        String text = text(value, at);
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(at + ": must be true, false"
                    + (at.endsWith(".paged") ? " or an object with pageSize and pagePause" : ""));
        };
    }

    /** A key as relaxed binding spells it ({@code page-size}, {@code pageSize}, {@code PAGESIZE}) in one form. */
    private static String flat(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
