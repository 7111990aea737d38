package io.stagehand.catalog.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.catalog.graphql.Views.RelationView;
import io.stagehand.catalog.store.StoredRelation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An entity's relations are served by type, then target ref, however the store read them, and cut at {@code first}. */
class RelationOrderTests {

    private static StoredRelation relation(String type, String targetRef) {
        return new StoredRelation("component:default/a", "component:default/a", type, targetRef.toLowerCase(), targetRef);
    }

    private static List<String> served(List<StoredRelation> relations, int first) {
        return CatalogLoaders.views(relations, first).stream().map(view -> view.type() + " " + view.targetRef()).toList();
    }

    @Test
    void inTheStoresOrderAsItIs() {
        List<StoredRelation> stored = List.of(relation("dependsOn", "component:default/b"), relation("dependsOn", "component:default/c"),
                relation("ownedBy", "group:default/team"));
        assertThat(served(stored, 100)).containsExactly("dependsOn component:default/b", "dependsOn component:default/c",
                "ownedBy group:default/team");
    }

    @Test
    void sortedWhereRefsAndKeysOrderDifferently() {
        // keys are lower case, refs keep the name's case: by key "b-x" < "b_x", by ref "B_x" < "b-x"
        List<StoredRelation> byKey = List.of(relation("dependsOn", "component:default/b-x"), relation("dependsOn", "component:default/B_x"),
                relation("apiProvidedBy", "component:default/z"));
        assertThat(served(byKey, 100)).containsExactly("apiProvidedBy component:default/z", "dependsOn component:default/B_x",
                "dependsOn component:default/b-x");
    }

    @Test
    void cutAtFirst() {
        List<StoredRelation> stored = List.of(relation("a", "component:default/1"), relation("b", "component:default/2"),
                relation("c", "component:default/3"));
        assertThat(served(stored, 2)).containsExactly("a component:default/1", "b component:default/2");
        assertThat(served(stored, 0)).isEmpty();
        assertThat(CatalogLoaders.views(List.of(), 5)).isEmpty();
        assertThat(CatalogLoaders.views(stored, 3)).extracting(RelationView::targetKey)
                .containsExactly("component:default/1", "component:default/2", "component:default/3");
    }
}
