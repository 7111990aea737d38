package io.stagehand.catalog.rest;

import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * A {@code by-query} cursor: the query it continues (filter, order, full-text term, as Backstage's
 * cursors carry theirs, so a cursor request needs no other parameter), the sort values of the row
 * it starts beside, and the direction.
 *
 * @param filter the {@code filter} parameters of the first request
 * @param orderField its {@code orderField} parameters
 * @param text its {@code fullTextFilterTerm}, or null
 * @param values the sort values of the last row of the previous page (forward) or the first (backward)
 * @param forward whether the page follows that row or precedes it
 */
record QueryCursor(List<String> filter, List<String> orderField, String text, List<String> values, boolean forward) {

    private static final String PREFIX = "q1:";

    String encode() {
        String text = PREFIX + Json.MAPPER.writeValueAsString(this);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in this text; a malformed one is a bad request. */
    static QueryCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                QueryCursor decoded = Json.MAPPER.readValue(text.substring(PREFIX.length()), QueryCursor.class);
                if (decoded.values() != null && decoded.values().stream().allMatch(v -> v != null)) {
                    return decoded;
                }
            }
        } catch (IllegalArgumentException | JacksonException e) {
            // reported below
        }
        throw new BadRequestException("Invalid cursor, pass a nextCursor or prevCursor of a previous by-query answer");
    }

    QueryCursor from(List<String> rowValues, boolean towards) {
        return new QueryCursor(filter, orderField, text, rowValues, towards);
    }
}
