package io.stagehand;

import io.stagehand.runtime.Relaunch;
import io.stagehand.runtime.StartupTimeline;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Stagehand: ingests the Backstage catalog into PostgreSQL and serves it as a graph over GraphQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StagehandApplication {

    public static void main(String[] args) {
        // first, before any Spring class loads: with no heap flag the server runs in a child JVM that has them
        Relaunch.ifUnsized(args);
        SpringApplication application = new SpringApplication(StagehandApplication.class);
        StartupTimeline.installIfAsked(application, args);
        application.run(args);
    }
}
