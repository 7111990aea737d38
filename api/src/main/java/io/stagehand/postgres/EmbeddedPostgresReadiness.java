package io.stagehand.postgres;

import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Holds back the two ways into the database, R2DBC's connection factory and Flyway, until the
 * embedded PostgreSQL that {@link EmbeddedPostgresEnvironment} starts on another thread accepts
 * connections; every bean that needs neither is built meanwhile. With a configured database there
 * is nothing to wait for.
 */
@Component
class EmbeddedPostgresReadiness implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof ConnectionFactory || bean instanceof Flyway) {
            EmbeddedPostgresEnvironment.awaitStarted();
        }
        return bean;
    }
}
