package io.stagehand.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityRefTests {

    @ParameterizedTest
    @CsvSource({
            "team-a,                 Group,     default, group:default/team-a",
            "Group:team-a,           ,          default, group:default/team-a",
            "infra/team-a,           Group,     default, group:infra/team-a",
            "user:Infra/Jane.Doe,    Group,     default, user:infra/Jane.Doe",
            "payments-api,           API,       shop,    api:shop/payments-api",
            "Component:Shop/Cart,    ,          default, component:shop/Cart",
    })
    void parsesWithFieldDefaults(String ref, String defaultKind, String defaultNamespace, String expected) {
        assertThat(EntityRef.parse(ref, defaultKind, defaultNamespace).toString()).isEqualTo(expected);
    }

    @Test
    void keyIsCaseInsensitiveButTheRefKeepsTheNamesCase() {
        EntityRef a = EntityRef.parse("Component:Default/Payment-API");
        EntityRef b = EntityRef.parse("component:default/payment-api");
        assertThat(a.toString()).isEqualTo("component:default/Payment-API");
        assertThat(a.key()).isEqualTo(b.key());
    }

    @Test
    void namespaceDefaultsToDefaultForUserInput() {
        assertThat(EntityRef.parse("component:cart").namespace()).isEqualTo("default");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cart", "default/cart"})
    void refusesARefWithoutKindWhenTheFieldHasNoDefault(String ref) {
        assertThatThrownBy(() -> EntityRef.parse(ref, null, "default"))
                .isInstanceOf(InvalidRefException.class)
                .hasMessageContaining("missing or empty kind");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "component:", "component:a/b/c", "component:ns/", "component:/name", "a:b:c"})
    void refusesMalformedRefs(String ref) {
        assertThatThrownBy(() -> EntityRef.parse(ref, "Component", "default")).isInstanceOf(InvalidRefException.class);
    }

    @Test
    void refsShareOneInstanceOfEachKindAndNamespace() {
        EntityRef a = EntityRef.parse(new String("Component:Payments/cart"));
        EntityRef b = EntityRef.parse(new String("component:payments/checkout"));
        assertThat(a.kind()).isEqualTo("component").isSameAs(b.kind());
        assertThat(a.namespace()).isEqualTo("payments").isSameAs(b.namespace());
        assertThat(a.name()).isEqualTo("cart");
    }
}
