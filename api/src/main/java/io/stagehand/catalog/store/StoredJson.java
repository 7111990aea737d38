package io.stagehand.catalog.store;

import io.stagehand.model.Json;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rewrites the text PostgreSQL prints for a {@code jsonb} value into the exact text Jackson writes
 * for the same value, in one pass over the characters. Serving a descriptor this way, as a raw value,
 * spares parsing it into a tree, converting that into maps and serialising the maps again on every
 * request, and the client receives the same bytes as before. Done once, as a row is read from the
 * database ({@link CatalogQueries}): the cache then keeps the compact text and every answer that
 * serves it afterwards only copies it.
 *
 * <p>What differs between the two texts: jsonb puts a space after {@code :} and {@code ,}, writes
 * the control characters it escapes as {@code \}{@code u001f} where Jackson writes {@code \}{@code u001F},
 * and prints a number with a fraction as stored ({@code 0.00000010}) where Jackson writes the
 * double it reads ({@code 1.0E-7}). Key order, the other escapes and integers are the same.
 */
public final class StoredJson {

    private static final JsonMapper JSON = Json.MAPPER;

    private StoredJson() {
    }

    /** The compact text of one jsonb value, as {@code JsonMapper} writes it once read into a tree. */
    public static String compact(String jsonb) {
        int length = jsonb.length();
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            char c = jsonb.charAt(i);
            if (c == '"') {
                i = string(jsonb, i, out);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int end = i + 1;
                boolean fraction = false;
                while (end < length && isNumberPart(jsonb.charAt(end))) {
                    char d = jsonb.charAt(end);
                    fraction |= d == '.' || d == 'e' || d == 'E';
                    end++;
                }
                if (fraction) {
                    // as a tree read it: a double, written by Jackson (rare in descriptors, so not worth a faster path)
                    out.append(JSON.writeValueAsString(Double.parseDouble(jsonb.substring(i, end))));
                } else {
                    out.append(jsonb, i, end);
                }
                i = end;
            } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isNumberPart(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    }

    /** Copies the string starting at the quote at {@code start}; gives the index after its closing quote. */
    private static int string(String text, int start, StringBuilder out) {
        out.append('"');
        int i = start + 1;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < length) {
                char escaped = text.charAt(i + 1);
                if (escaped == 'u' && i + 5 < length) {
                    out.append("\\u");
                    for (int h = i + 2; h < i + 6; h++) {
                        out.append(Character.toUpperCase(text.charAt(h)));
                    }
                    i += 6;
                } else {
                    out.append(c).append(escaped);
                    i += 2;
                }
            } else {
                out.append(c);
                i++;
                if (c == '"') {
                    return i;
                }
            }
        }
        return i;
    }
}
