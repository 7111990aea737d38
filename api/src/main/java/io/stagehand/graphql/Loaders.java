package io.stagehand.graphql;

/** Names of the DataLoaders other features may use for fields that lead back to catalog entities. */
public final class Loaders {

    /** Entity key to entity; an absent key gives null. */
    public static final String ENTITY_BY_KEY = "entityByKey";

    private Loaders() {
    }
}
