package io.stagehand.catalog.ingest;

import io.stagehand.model.Entity;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Problem;
import java.util.List;

/**
 * What one document gave: problems (warnings, or the errors that refused it), the key of a
 * refused entity, or the entity read, and for a Location the entity itself, whose targets are followed.
 */
record DocumentOutcome(int line, List<Problem> problems, String rejectedKey, IngestedEntity entity, Entity locationEntity) {
    DocumentOutcome withoutContent() {
        return new DocumentOutcome(line, problems, rejectedKey, entity == null ? null : entity.withoutContent(), locationEntity);
    }
}
