package io.stagehand.catalog.store;

/** One entity written or deleted by a run, published after the run's transaction committed. */
public record CatalogChange(String source, String ref, Type type) {

    public enum Type {
        CREATED, UPDATED, DELETED
    }
}
