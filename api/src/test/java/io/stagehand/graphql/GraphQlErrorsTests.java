package io.stagehand.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import graphql.GraphQLError;
import graphql.execution.ResultPath;
import graphql.schema.DataFetchingEnvironment;
import io.stagehand.postgres.DatabaseAvailability;
import org.junit.jupiter.api.Test;

/** Errors classified where no request can easily provoke them. */
class GraphQlErrorsTests {

    @Test
    void workRefusedForLackOfRoomIsClassifiedResourceExhaustedWithItsMessage() {
        DataFetchingEnvironment env = mock(DataFetchingEnvironment.class, RETURNS_DEEP_STUBS);
        when(env.getExecutionStepInfo().getPath()).thenReturn(ResultPath.parse("/dryRunScorecard"));

        GraphQLError error = new GraphQlErrors(mock(DatabaseAvailability.class))
                .exhausted(new ResourceExhaustedException("Too many dry runs at once; try again shortly"), env);

        assertThat(error.getErrorType().toString()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.getMessage()).isEqualTo("Too many dry runs at once; try again shortly");
        assertThat(error.getPath()).containsExactly("dryRunScorecard");
    }
}
