package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.catalog.CatalogProperties;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** An msgraph source's configuration, bound as Spring binds it: Backstage's keys, its defaults and the combinations it refuses. */
class MsGraphPropertiesTests {

    static final String SECRET = "graph-client-secret-0123456789";

    @Test
    void theConfigurationTakesBackstagesKeysAndRefusesWhatBackstageRefuses() {
        var complete = bindSource(Map.of("type", "msgraph", "tenantId", "t", "clientId", "c", "clientSecret", SECRET,
                "user.select", "id,mail", "queryMode", "advanced"));
        assertThat(complete.isComplete()).isTrue();
        assertThat(complete.user().select()).containsExactly("id", "mail");
        assertThat(complete.queryMode()).isEqualTo(CatalogProperties.GraphQueryMode.ADVANCED);
        assertThat(complete.clientSecret().value()).isEqualTo(SECRET);
        assertThat(complete.toString()).doesNotContain(SECRET);
        assertThat(MsGraphClient.target(complete)).isEqualTo(MsGraphClient.DEFAULT_TARGET);
        assertThat(bindSource(Map.of("type", "msgraph", "tenantId", "t", "clientId", "c")).isComplete()).isFalse();
        assertThat(bindSource(Map.of("type", "msgraph", "tenantId", "t", "clientId", "c", "clientSecret", "s",
                "user.filter", "accountEnabled eq true", "userGroupMember.search", "\"displayName:team\"")).isGraphUsersUnambiguous()).isFalse();
    }

    private static CatalogProperties.SourceProperties bindSource(Map<String, String> keys) {
        Map<String, String> properties = new HashMap<>();
        keys.forEach((key, value) -> properties.put("stagehand.sources[0]." + key, value));
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("stagehand", CatalogProperties.class).sources().get(0);
    }
}
