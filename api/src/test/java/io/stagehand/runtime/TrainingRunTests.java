package io.stagehand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The training run's queries stay valid against the schema, so the build's training does not fail on a renamed field. */
class TrainingRunTests {

    @Test
    void theTrainingQueriesAreValidAgainstTheSchema() throws IOException {
        String queries = new ClassPathResource("training/queries.graphql").getContentAsString(StandardCharsets.UTF_8);
        GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Files.readString(Path.of("..", "schema.graphqls"))));
        Document document = Parser.parse(queries);
        List<ValidationError> errors = new Validator().validateDocument(schema, document, Locale.ROOT);
        assertThat(errors).isEmpty();
        assertThat(TrainingRun.operations(queries)).contains("PaymentApi", "BlastRadius", "Scorecards", "FullPage")
                .hasSize(document.getDefinitions().size());
    }
}
