package io.stagehand;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Where integration tests keep their data: by default the embedded PostgreSQL (a real server,
 * started once per JVM in target/, see src/test/resources/config/application.properties), or an
 * external one named by {@code STAGEHAND_TEST_DATABASE}
 * ({@code postgresql://user:password@host:port/database}). Runs before the embedded database
 * would start, so an external database means no embedded one.
 */
public class TestDatabase implements EnvironmentPostProcessor, Ordered {

    public static final String ENV = "STAGEHAND_TEST_DATABASE";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String external = System.getenv(ENV);
        if (external == null || external.isBlank()) {
            return;
        }
        URI uri = URI.create(external);
        String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres", ""} : uri.getUserInfo().split(":", 2);
        String user = userInfo[0];
        String password = userInfo.length > 1 ? userInfo[1] : "";
        String hostPortDb = uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
        Map<String, Object> props = new HashMap<>();
        props.put("spring.r2dbc.url", "r2dbc:postgresql://" + hostPortDb);
        props.put("spring.r2dbc.username", user);
        props.put("spring.r2dbc.password", password);
        props.put("spring.flyway.url", "jdbc:postgresql://" + hostPortDb);
        props.put("spring.flyway.user", user);
        props.put("spring.flyway.password", password);
        environment.getPropertySources().addFirst(new MapPropertySource("stagehandTestDatabase", props));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
