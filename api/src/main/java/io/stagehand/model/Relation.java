package io.stagehand.model;

/** A directed, typed edge between two entities, in Backstage's vocabulary (ownedBy, dependsOn, ...). */
public record Relation(EntityRef source, String type, EntityRef target) {
}
