package io.stagehand.catalog.store;

import java.util.List;

/**
 * The Location entities through which an entity was found, from what ingestion stored (each entity's
 * {@code via}: the Location files that led to its file, root first): one level per file, each with
 * the Location entities of that file, so a level may hold several (or none, when a Location was
 * removed since). Holds keys only; the caller reads the entities through the read restriction.
 *
 * @param entityKey the entity's key
 * @param levels the keys of the Location entities of each file that led to it, root first
 */
public record Ancestry(String entityKey, List<List<String>> levels) {

    public Ancestry {
        levels = levels.stream().map(List::copyOf).toList();
    }

    /** Every Location entity of the chain, root first. */
    public List<String> locationKeys() {
        return levels.stream().flatMap(List::stream).toList();
    }

    /** The Locations that led to the entity itself (the last level), none for an entity of a root file. */
    public List<String> parentsOfEntity() {
        return levels.isEmpty() ? List.of() : levels.get(levels.size() - 1);
    }

    /** The Locations that led to the Location at this level (the level before), none at the root. */
    public List<String> parentsOfLevel(int level) {
        return level == 0 ? List.of() : levels.get(level - 1);
    }
}
