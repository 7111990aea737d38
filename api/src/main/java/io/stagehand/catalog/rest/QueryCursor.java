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
 * it starts beside, the direction, and as Backstage's do the sort values of the first row of the
 * first page (where paging backwards ends) and the total counted by the first request.
 *
 * @param filter the {@code filter} parameters of the first request
 * @param orderField its {@code orderField} parameters
 * @param text its {@code fullTextFilterTerm}, or null
 * @param values the sort values of the last row of the previous page (forward) or the first (backward)
 * @param forward whether the page follows that row or precedes it
 * @param first the sort values of the first row of the first page
 * @param totalItems the number of matching entities when the first page was read
 */
record QueryCursor(List<String> filter, List<String> orderField, String text, List<String> values, boolean forward, List<String> first,
        long totalItems) {

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
                if (decoded.values() != null && decoded.values().stream().allMatch(v -> v != null)
                        && decoded.first() != null && decoded.first().stream().allMatch(v -> v != null)) {
                    return decoded;
                }
            }
        } catch (IllegalArgumentException | JacksonException e) {
            // reported below
        }
        throw new BadRequestException("Invalid cursor, pass a nextCursor or prevCursor of a previous by-query answer");
    }

    /** Whether this is the first request's state rather than a cursor a previous answer gave. */
    boolean initial() {
        return values == null;
    }

    /** The cursor of a page beside the row with these sort values, the first page's first row and total kept. */
    QueryCursor from(List<String> rowValues, boolean towards, List<String> firstValues, long total) {
        return new QueryCursor(filter, orderField, text, rowValues, towards, firstValues, total);
    }
}
