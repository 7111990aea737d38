package io.stagehand.catalog.store;

import java.util.List;

/** The result of a bounded graph walk: nodes with their depth, edges between them, and whether a bound cut it short. */
public record GraphWalk(List<Node> nodes, List<Edge> edges, boolean truncated) {

    /** A reached node: key, ref and steps from the nearest root. */
    public record Node(String key, String ref, int depth) {
    }

    /** An edge between two reached nodes; depth is that of its source in the walk's direction. */
    public record Edge(String sourceRef, String type, String targetRef, int depth) {
    }
}
