package io.stagehand.postgres;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Settings of every database connection: the statement timeout, and an application name that
 * tells which Stagehand process holds the connection, so that a process can tell the runs of a dead
 * one (whose connections are gone) from those of a live replica.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
public class ConnectionSettings {

    /** This process's name on its connections ({@code pg_stat_activity.application_name}). */
    public static final String APPLICATION_NAME = "stagehand " + UUID.randomUUID().toString().substring(0, 13);

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer stagehandConnectionOptions(DatabaseProperties database) {
        return options -> options
                .option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, APPLICATION_NAME)
                .option(PostgresqlConnectionFactoryProvider.OPTIONS,
                        Map.of("statement_timeout", String.valueOf(database.statementTimeout().toMillis())));
    }
}
