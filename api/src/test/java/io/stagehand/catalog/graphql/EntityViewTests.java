package io.stagehand.catalog.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.catalog.store.StoredEntity;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

/** The fields a page answers without descriptors really need none, so the list that skips loading them stays true. */
class EntityViewTests {

    private static final StoredEntity WITHOUT_DESCRIPTOR = new StoredEntity("component:default/a", "component:default/a", "Component",
            "default", "a", "A", "An entity", "files", "file:///catalog-info.yaml", 3, "uid-a", "etag-a", null);

    @Test
    void everyRowFieldIsAnsweredWithoutTheDescriptor() throws Exception {
        EntityView view = new EntityView(WITHOUT_DESCRIPTOR);
        for (String field : EntityView.ROW_FIELDS) {
            if (!field.equals("__typename")) {
                assertThat(EntityView.class.getMethod(field).invoke(view)).as(field).isNotNull();
            }
        }
        assertThat(EntityWiring.WITHOUT_DESCRIPTOR).containsAll(EntityView.ROW_FIELDS).contains("relations", "dependsOn", "ownedEntities");
    }

    @Test
    void aFieldOfTheDescriptorIsNotAmongThem() throws Exception {
        EntityView view = new EntityView(WITHOUT_DESCRIPTOR);
        for (String field : new String[] {"apiVersion", "tags", "labels", "type"}) {
            assertThat(EntityWiring.WITHOUT_DESCRIPTOR).doesNotContain(field);
            assertThatThrownBy(() -> EntityView.class.getMethod(field).invoke(view)).isInstanceOf(InvocationTargetException.class)
                    .cause().hasMessageContaining("descriptor");
        }
    }
}
