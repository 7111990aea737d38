package io.stagehand.postgres;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.SpringProperties;
import org.springframework.stereotype.Component;

/**
 * With {@code -Dspring.context.exit=onRefresh} (Spring's way to end a class-data training run)
 * Spring halts the JVM as the context finishes refreshing, which skips the shutdown hook that
 * stops the embedded PostgreSQL: it would keep running after the process. It is stopped here
 * first, once every bean exists; nothing uses the database between then and the halt.
 */
@Component
class EmbeddedPostgresHaltGuard implements SmartInitializingSingleton {

    @Override
    public void afterSingletonsInstantiated() {
        if ("onRefresh".equalsIgnoreCase(SpringProperties.getProperty("spring.context.exit"))) {
            EmbeddedPostgresEnvironment.stopAll();
        }
    }
}
