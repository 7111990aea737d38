package io.stagehand.catalog.store;

import java.util.List;

/**
 * Which part of an ordered entity list a page is: the rows strictly between two cursors (sort values
 * of rows, either may be absent), the first {@code limit} of them or, {@code fromEnd}, the last.
 *
 * @param after the sort values of the row the page follows, or null
 * @param before the sort values of the row the page precedes, or null
 * @param offset rows skipped before the page (Backstage's REST {@code offset}; only from the start)
 * @param limit the page size
 * @param fromEnd whether the page is the last {@code limit} rows of the window (Relay's {@code last})
 * @param exactEdges whether the page must also tell exactly whether rows lie beyond its cursors, which
 *        costs a query per cursor; without it a page tells only whether its window has more rows
 */
public record PageWindow(List<String> after, List<String> before, int offset, int limit, boolean fromEnd, boolean exactEdges) {

    public PageWindow {
        after = after == null ? null : List.copyOf(after);
        before = before == null ? null : List.copyOf(before);
        if (offset > 0 && (fromEnd || before != null)) {
            throw new IllegalArgumentException("an offset counts from the start only");
        }
    }

    /** The first {@code limit} rows after a cursor (or from the start). */
    public static PageWindow forward(List<String> after, int limit) {
        return new PageWindow(after, null, 0, limit, false, false);
    }
}
