package io.stagehand.catalog.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A file waiting to be read, with the chain of files whose Locations led to it. */
record Pending(String path, Pending parent, String origin, boolean optional, String requestedBy, int requestLine) {

    /** Whether this file or one that led to it is {@code candidate}, both compared by {@code identity}. */
    boolean hasAncestor(String candidate, UnaryOperator<String> identity) {
        for (Pending p = this; p != null; p = p.parent()) {
            if (identity.apply(p.path()).equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** The locations of the files whose Locations led here, root first. */
    List<String> via(CatalogTree tree) {
        List<String> locations = new ArrayList<>();
        for (Pending p = parent; p != null; p = p.parent()) {
            locations.add(0, tree.location(p.path()));
        }
        return locations;
    }

    /** How many Location files led here: 0 for a root file. */
    int depth() {
        int depth = 0;
        for (Pending p = parent; p != null; p = p.parent()) {
            depth++;
        }
        return depth;
    }

    String chain() {
        List<String> paths = new ArrayList<>();
        for (Pending p = this; p != null; p = p.parent()) {
            paths.add(0, p.path());
        }
        return String.join(" -> ", paths);
    }
}
