package io.stagehand.catalog.graphql;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.execution.SchemaReport;
import org.springframework.stereotype.Component;

/**
 * Runs Spring GraphQL's schema inspection at start-up, telling it that every entity type of the
 * schema is served by {@link EntityView}, and keeps the report so a test can require it clean.
 */
@Component
class SchemaInspection implements GraphQlSourceBuilderCustomizer {

    private static final Log log = LogFactory.getLog(SchemaInspection.class);

    private final AtomicReference<SchemaReport> report = new AtomicReference<>();

    @Override
    public void customize(GraphQlSource.SchemaResourceBuilder builder) {
        builder.inspectSchemaMappings(
                initializer -> EntityView.TYPES.forEach(type -> initializer.classMapping(type, EntityView.class)),
                schemaReport -> {
                    report.set(schemaReport);
                    if (schemaReport.unmappedFields().isEmpty() && schemaReport.unmappedRegistrations().isEmpty()
                            && schemaReport.unmappedArguments().isEmpty() && schemaReport.skippedTypes().isEmpty()) {
                        log.info("GraphQL schema inspection: every field is mapped");
                    } else {
                        log.warn(schemaReport.toString());
                    }
                });
    }

    SchemaReport report() {
        return report.get();
    }
}
