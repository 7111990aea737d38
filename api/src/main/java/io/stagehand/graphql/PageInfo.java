package io.stagehand.graphql;

import java.util.List;
import java.util.function.Function;

/** Relay page information. */
public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {

    /** The page of these edges, with the cursors of the first and the last (the others are not encoded). */
    public static <E> PageInfo of(boolean hasNext, boolean hasPrevious, List<E> edges, Function<E, String> cursor) {
        return new PageInfo(hasNext, hasPrevious, edges.isEmpty() ? null : cursor.apply(edges.get(0)),
                edges.isEmpty() ? null : cursor.apply(edges.get(edges.size() - 1)));
    }
}
