package io.stagehand.scorecard.evaluation;

import io.stagehand.catalog.store.EntitySnapshots.Relations;
import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.catalog.store.EntitySnapshots.Target;
import io.stagehand.model.Json;
import io.stagehand.model.RelationTypes;
import io.stagehand.scorecard.definition.Definitions.AppliesTo;
import io.stagehand.scorecard.definition.Definitions.Check;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.definition.Definitions.SourceType;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.FactRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The document that {@code entity.*} facts read: the descriptor, plus {@code relations} (each
 * relation type's target refs) and {@code owner} (the ownedBy target's {@code ref}, {@code kind}
 * and whether it {@code exists} in the catalog).
 */
public final class Subjects {

    private static final JsonMapper JSON = Json.MAPPER;

    private Subjects() {
    }

    public static ObjectNode document(Snapshot snapshot) {
        ObjectNode document = (ObjectNode) JSON.readTree(snapshot.descriptorJson());
        Map<String, ArrayNode> byType = new LinkedHashMap<>();
        ObjectNode relations = document.objectNode();
        ObjectNode owner = null;
        for (Target target : snapshot.relations()) {
            byType.computeIfAbsent(target.type(), t -> relations.putArray(t)).add(target.ref());
            if (owner == null && target.type().equals(RelationTypes.OWNED_BY)) {
                owner = document.objectNode();
                owner.put("ref", target.ref());
                if (target.kind() != null) {
                    owner.put("kind", target.kind());
                }
                owner.put("exists", target.kind() != null);
            }
        }
        document.set("relations", relations);
        if (owner != null) {
            document.set("owner", owner);
        }
        return document;
    }

    /**
     * The relations the documents of an evaluation must hold: those its definitions read (entity
     * facts of rules and of entity fact sources, appliesTo filters) under {@code relations.<type>}
     * or {@code owner}; all of them where a path reads {@code relations} as a whole or the whole
     * document. Templates of git and HTTP sources read only the descriptor.
     */
    static Relations relationsRead(Definitions definitions) {
        List<List<?>> paths = new ArrayList<>();
        for (Scorecard scorecard : definitions.scorecards().values()) {
            addFilterPaths(scorecard.appliesTo(), paths);
            for (Check check : scorecard.checks()) {
                Set<FactRef> refs = new HashSet<>();
                check.rule().facts(refs);
                refs.stream().filter(FactRef::isEntity).forEach(ref -> paths.add(ref.path().steps()));
            }
        }
        for (FactSource source : definitions.factSources().values()) {
            addFilterPaths(source.appliesTo(), paths);
            if (source.type() == SourceType.ENTITY) {
                source.facts().values().forEach(fact -> paths.add(fact.path().steps()));
            }
        }
        Set<String> types = new HashSet<>();
        for (List<?> path : paths) {
            Object first = path.isEmpty() ? null : path.get(0);
            if (first == null || (first.equals("relations") && (path.size() < 2 || !(path.get(1) instanceof String)))) {
                return Relations.ALL;
            }
            if (first.equals("relations")) {
                types.add((String) path.get(1));
            } else if (first.equals("owner")) {
                types.add(RelationTypes.OWNED_BY);
            }
        }
        return new Relations(types);
    }

    private static void addFilterPaths(AppliesTo appliesTo, List<List<?>> paths) {
        appliesTo.filter().keySet().forEach(key -> paths.add(Arrays.asList(key.split("\\."))));
    }

    public static List<String> keys(List<Snapshot> snapshots) {
        return snapshots.stream().map(Snapshot::key).toList();
    }
}
