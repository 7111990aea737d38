package io.stagehand.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.GraphQLError;
import graphql.Scalars;
import graphql.execution.ExecutionId;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.MergedField;
import graphql.execution.ResultPath;
import graphql.language.Field;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import io.stagehand.auth.Permission;
import io.stagehand.auth.PermissionDeniedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.graphql.execution.ErrorType;

/** Row 11: what a caller sees of failures the server did not expect, and of denials. */
@ExtendWith(OutputCaptureExtension.class)
class GraphQlErrorsTests {

    final GraphQlErrors errors = new GraphQlErrors(null);

    static DataFetchingEnvironment env() {
        return DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
                .executionId(ExecutionId.from("req-42"))
                .executionStepInfo(ExecutionStepInfo.newExecutionStepInfo().type(Scalars.GraphQLString)
                        .path(ResultPath.rootPath().segment("createExemption")).build())
                .mergedField(MergedField.newMergedField(Field.newField("createExemption").build()).build())
                .build();
    }

    @Test
    void anUnexpectedFailureIsAnsweredWithAReferenceAndNoInternals(CapturedOutput output) {
        Exception sql = new DataIntegrityViolationException("INSERT INTO scorecard_exemptions ...; timestamp out of range: \"+20000-01-01\"",
                new IllegalStateException("io.r2dbc.postgresql.ExceptionFactory"));
        GraphQLError error = errors.unexpected(sql, env());
        assertThat(error.getErrorType()).isEqualTo(ErrorType.INTERNAL_ERROR);
        assertThat(error.getMessage()).isEqualTo("Internal error; the server log has the details under request req-42/createExemption")
                .doesNotContain("INSERT").doesNotContain("Exception").doesNotContain("io.r2dbc");
        assertThat(output).contains("Unexpected error in GraphQL request req-42/createExemption").contains("timestamp out of range");
    }

    @Test
    void aDenialIsForbiddenAndNamesThePermission() {
        GraphQLError error = errors.forbidden(new PermissionDeniedException(Permission.SCORECARD_EVALUATE, "only admins may"), env());
        assertThat(error.getErrorType()).isEqualTo(ErrorType.FORBIDDEN);
        assertThat(error.getMessage()).isEqualTo("Permission scorecard.evaluate denied: only admins may");
    }
}
