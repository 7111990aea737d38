package io.stagehand.scorecard.facts;

import io.stagehand.model.EntityRef;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-entity text of a fact source: {@code {{name}}}, {@code {{namespace}}}, {@code {{kind}}},
 * {@code {{ref}}}, {@code {{annotation 'key'}}} and {@code {{label 'key'}}} from the entity, and
 * {@code ${NAME}} from the environment or Stagehand's settings (secrets stay out of the YAML). In
 * a URL, an entity value is one path segment unless written {@code {{annotation 'key' | segments}}},
 * whose slashes then separate segments (none of them empty, {@code .} or {@code ..}).
 */
public final class Template {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{\\s*(\\w+)(?:\\s+'([^']*)')?(?:\\s*\\|\\s*(\\w+))?\\s*}}|\\$\\{([^}]+)}");

    /** The one modifier: a value whose slashes separate path segments of a URL (a project slug, {@code org/repo}). */
    static final String SEGMENTS = "segments";

    /** A value the template needs is not there: the entity lacks it (UNKNOWN) or the setting is missing (ERROR). */
    static final class MissingValueException extends Exception {
        final boolean fromEntity;

        MissingValueException(String message, boolean fromEntity) {
            super(message);
            this.fromEntity = fromEntity;
        }
    }

    /** A URL's scheme and authority, closed by the first {@code /}, {@code ?} or {@code #} after it. */
    private static final Pattern AUTHORITY = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*[/?#]");

    /** A URL that would let entity values choose where the request goes. */
    static final class UnsafeUrlException extends Exception {
        UnsafeUrlException(String message) {
            super(message);
        }
    }

    private Template() {
    }

    /**
     * Throws {@link IllegalArgumentException} naming the field when a URL template lets the entity
     * choose the scheme, host or port: those must be the definition's own text (or a setting), so an
     * annotation cannot send the request, and the secrets in its headers, to a host of its choosing.
     */
    public static void checkUrl(String template, String field) {
        check(template, field);
        int entity = template.indexOf("{{");
        String before = entity < 0 ? template : template.substring(0, entity);
        // a setting before the first entity value may close the authority itself; that is checked after rendering
        if (entity >= 0 && !before.contains("${") && !AUTHORITY.matcher(before).find()) {
            throw new IllegalArgumentException(field + ": the scheme, host and port must be written in the URL, "
                    + "not come from {{...}} (write https://host/ before the first {{...}})");
        }
    }

    /**
     * The URL for one entity: settings as they are (the operator's), entity values percent-encoded
     * for where they stand (a path segment, the query, the fragment), so a value such as
     * {@code ../admin?x=1#} stays one segment or one query value. An entity value before the end of
     * the authority is refused.
     */
    static URI renderUrl(String template, String ref, JsonNode descriptor, Function<String, String> settings)
            throws MissingValueException, UnsafeUrlException {
        Matcher m = EXPRESSION.matcher(template);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            last = m.end();
            if (m.group(4) != null) {
                String value = settings.apply(m.group(4));
                if (value == null) {
                    throw new MissingValueException("${" + m.group(4) + "} is not set in the environment or Stagehand's settings", false);
                }
                out.append(value);
                continue;
            }
            if (!AUTHORITY.matcher(out).find()) {
                throw new UnsafeUrlException("the scheme, host and port must be written in the URL, not come from the entity");
            }
            String value = entityValue(m.group(1), m.group(2), ref, descriptor);
            boolean inPath = out.indexOf("?") < 0 && out.indexOf("#") < 0;
            if (inPath && SEGMENTS.equals(m.group(3))) {
                out.append(segments(value));
            } else {
                out.append(encoded(value, inPath));
            }
        }
        out.append(template, last, template.length());
        try {
            return URI.create(out.toString());
        } catch (IllegalArgumentException e) {
            throw new UnsafeUrlException("not a valid URL");
        }
    }

    /** A value's slash-separated parts, each encoded as one segment; an empty, {@code .} or {@code ..} part refuses the URL. */
    private static String segments(String value) throws UnsafeUrlException {
        StringBuilder out = new StringBuilder(value.length());
        for (String part : value.split("/", -1)) {
            if (part.isEmpty() || part.chars().allMatch(c -> c == '.')) {
                throw new UnsafeUrlException("a value under | segments has an empty, . or .. segment");
            }
            out.append(out.isEmpty() ? "" : "/").append(encoded(part, true));
        }
        return out.toString();
    }

    /**
     * Every byte but the unreserved characters percent-encoded (UTF-8), so a value cannot end its
     * segment, start a query or a fragment; in a path, a value of only dots is encoded too, so it
     * cannot be {@code .} or {@code ..}.
     */
    static String encoded(String value, boolean inPath) {
        boolean dots = inPath && value.chars().allMatch(c -> c == '.');
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '~' || (c == '.' && !dots);
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Throws {@link IllegalArgumentException} naming the field unless the template is a link a browser
     * may be sent to: http or https, the host written out, entity values only from the entity's ref
     * ({{name}}, {{namespace}}, {{kind}}, {{ref}}: results are served without descriptors), and no
     * {@code ${...}} settings, which would hand the operator's values to every reader.
     */
    public static void checkLink(String template, String field) {
        checkUrl(template, field);
        if (!template.regionMatches(true, 0, "https://", 0, 8) && !template.regionMatches(true, 0, "http://", 0, 7)) {
            throw new IllegalArgumentException(field + ": an http or https URL");
        }
        if (template.contains("${")) {
            throw new IllegalArgumentException(field + ": a link may not use ${...} settings; it is shown to every reader");
        }
        if (!LINK_HOST.matcher(template).find()) {
            // https:///{{name}} would let a browser take the entity's name for the host
            throw new IllegalArgumentException(field + ": the host must be written in the URL (https://host/...)");
        }
        Matcher m = EXPRESSION.matcher(template);
        while (m.find()) {
            if (m.group(2) != null) {
                throw new IllegalArgumentException(field + ": a link may use {{name}}, {{namespace}}, {{kind}} and {{ref}} only");
            }
        }
    }

    /** An http(s) URL that starts with its host, written out (a name or address, optionally a port). */
    private static final Pattern LINK_HOST = Pattern.compile("^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.\\[\\]:-]*[A-Za-z0-9\\]](:[0-9]+)?([/?#]|$)");

    /** A link for one entity, or null when it cannot be made (checked at load, so only for a ref it does not fit). */
    public static String renderLink(String template, String ref) {
        try {
            EntityRef entity = EntityRef.parse(ref);
            ObjectNode descriptor = JsonNodeFactory.instance.objectNode();
            descriptor.put("kind", entity.kind());
            descriptor.putObject("metadata").put("name", entity.name()).put("namespace", entity.namespace());
            URI link = renderUrl(template, ref, descriptor, name -> null);
            return link.getHost() == null || !link.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http") ? null : link.toString();
        } catch (MissingValueException | UnsafeUrlException | RuntimeException e) {
            return null;
        }
    }

    /** Throws {@link IllegalArgumentException} naming the field when the template uses an unknown expression. */
    public static void check(String template, String field) {
        Matcher m = EXPRESSION.matcher(template);
        while (m.find()) {
            if (m.group(1) != null) {
                String function = m.group(1);
                boolean keyed = function.equals("annotation") || function.equals("label");
                boolean plain = function.equals("name") || function.equals("namespace") || function.equals("kind") || function.equals("ref");
                if (!(keyed && m.group(2) != null) && !(plain && m.group(2) == null)) {
                    throw new IllegalArgumentException(field + ": {{" + function + (m.group(2) == null ? "" : " '" + m.group(2) + "'")
                            + "}} is not one of {{name}}, {{namespace}}, {{kind}}, {{ref}}, {{annotation 'key'}}, {{label 'key'}}");
                }
                if (m.group(3) != null && !m.group(3).equals(SEGMENTS)) {
                    throw new IllegalArgumentException(field + ": | " + m.group(3) + " is not a modifier; the one there is is | " + SEGMENTS);
                }
            }
        }
        if (template.replaceAll(EXPRESSION.pattern(), "").contains("{{")) {
            throw new IllegalArgumentException(field + ": an unclosed or malformed {{...}} expression");
        }
    }

    /** The text for one entity; {@code settings} answers {@code ${NAME}} (null when unset). */
    static String render(String template, String ref, JsonNode descriptor, Function<String, String> settings) throws MissingValueException {
        Matcher m = EXPRESSION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(4) != null) {
                value = settings.apply(m.group(4));
                if (value == null) {
                    throw new MissingValueException("${" + m.group(4) + "} is not set in the environment or Stagehand's settings", false);
                }
            } else {
                value = entityValue(m.group(1), m.group(2), ref, descriptor);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String entityValue(String function, String key, String ref, JsonNode descriptor) throws MissingValueException {
        JsonNode metadata = descriptor.path("metadata");
        JsonNode value = switch (function) {
            case "name" -> metadata.path("name");
            case "namespace" -> metadata.path("namespace");
            case "kind" -> descriptor.path("kind");
            case "annotation" -> metadata.path("annotations").path(key);
            case "label" -> metadata.path("labels").path(key);
            default -> null;
        };
        if (function.equals("ref")) {
            return ref;
        }
        if (value == null || !value.isValueNode() || value.isNull() || value.asString().isBlank()) {
            throw new MissingValueException("the entity has no " + function + (key == null ? "" : " " + key), true);
        }
        return value.asString();
    }
}
