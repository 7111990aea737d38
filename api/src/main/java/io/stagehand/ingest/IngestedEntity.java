package io.stagehand.ingest;

import io.stagehand.catalog.Entity;
import io.stagehand.catalog.Relation;
import java.util.List;

/** A valid entity read in a run, where it was found, its content hash and the relations it emits. */
public record IngestedEntity(Entity entity, String location, int line, String contentHash, List<Relation> relations) {

    public String key() {
        return entity.ref().key();
    }
}
