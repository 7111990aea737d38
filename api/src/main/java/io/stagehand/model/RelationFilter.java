package io.stagehand.model;

import java.util.List;

/** Which related entities to list: by the related entity's kind, spec.type and spec.lifecycle. */
public record RelationFilter(List<String> kind, List<String> type, List<String> lifecycle) {
}
