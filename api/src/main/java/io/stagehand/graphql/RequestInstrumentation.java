package io.stagehand.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.QueryComplexityCalculator;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLTypeUtil;
import io.micrometer.observation.ObservationRegistry;
import io.stagehand.postgres.ReadRouting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.graphql.observation.GraphQlObservationInstrumentation;

/**
 * The one instrumentation of every request: Spring's request observation (timings per operation)
 * and the query depth and complexity limits. One, because Spring wraps its instrumentations in a
 * {@code ChainedInstrumentation}, which walks the list and allocates a context at every field of
 * every request (a fifth of a 100-entity list request's CPU with three of them); and the limits
 * are checked once per query shape (document, operation, and the variables when {@code @skip} or
 * {@code @include} use them), not by traversing the query on every request.
 *
 * <p>Single fields and DataLoader batches are not observed: an observation per field costs more
 * than the field itself on hot queries, and Spring GraphQL's DataLoader observation fails (a
 * ClassCastException per batch, caught and dropped) on mapped batch loaders, which all of ours are.
 */
public final class RequestInstrumentation extends GraphQlObservationInstrumentation {

    private record Shape(Document document, String operation, Map<String, Object> variables) {
    }

    /** Where a request with a read replica keeps its choice of server ({@link ReadRouting}). */
    static final String READ_ROUTING = "stagehand.readRouting";

    private final int maxDepth;
    private final int maxComplexity;
    private final Cache<Shape, Boolean> allowed = Caffeine.newBuilder().maximumSize(2000).build();

    RequestInstrumentation(ObservationRegistry registry, int maxDepth, int maxComplexity) {
        super(registry);
        this.maxDepth = maxDepth;
        this.maxComplexity = maxComplexity;
    }

    @Override
    public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return input;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        return fetcher;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        Document document = context.getDocument();
        boolean dependsOnVariables = QueryConditions.dependOnVariables(document);
        Shape shape = new Shape(document, context.getOperationDefinition().getName(),
                dependsOnVariables ? context.getCoercedVariables().toMap() : sizes(context.getCoercedVariables().toMap()));
        if (allowed.getIfPresent(shape) == null) {
            check(context);
            allowed.put(shape, Boolean.TRUE);
        }
        AtomicBoolean readRouting = context.getGraphQLContext().get(READ_ROUTING);
        if (readRouting != null) {
            readRouting.set(context.getOperationDefinition().getOperation() == OperationDefinition.Operation.QUERY);
        }
        return super.beginExecuteOperation(parameters, state);
    }

    /** Refuses a query deeper or more complex than the limits, with graphql-java's own measures. */
    private void check(ExecutionContext context) {
        QueryTraverser traverser = QueryTraverser.newQueryTraverser()
                .schema(context.getGraphQLSchema())
                .document(context.getDocument())
                .operationName(context.getOperationDefinition().getName())
                .coercedVariables(context.getCoercedVariables())
                .build();
        int depth = traverser.reducePreOrder((env, deepest) -> Math.max(pathLength(env), deepest), 0);
        if (depth > maxDepth) {
            throw new AbortExecutionException("maximum query depth exceeded " + depth + " > " + maxDepth
                    + " (stagehand.api.max-query-depth)");
        }
        int complexity = QueryComplexityCalculator.newCalculator()
                .fieldComplexityCalculator((env, children) -> cost(env, children, maxComplexity))
                .schema(context.getGraphQLSchema())
                .document(context.getDocument())
                .operationName(context.getOperationDefinition().getName())
                .variables(context.getCoercedVariables())
                .build()
                .calculate();
        if (complexity > maxComplexity) {
            throw new AbortExecutionException("maximum query complexity exceeded " + complexity + " > " + maxComplexity
                    + " (stagehand.api.max-query-complexity)");
        }
    }

    /**
     * What a field costs: itself and its selections, once per item it can return. A list's item
     * count is its {@code first} (or its default), a walk's its {@code maxNodes}, a lookup's its
     * number of {@code refs}; a list with no such bound counts as {@link #UNBOUNDED_LIST_ITEMS}
     * items (a scorecard's checks, a check's facts, an entity's annotations), or as its own
     * estimate in {@link #LIST_ESTIMATES}; fields returning one value count once, a JSON value
     * {@link #JSON_VALUE_COST} times (a fact or a descriptor can be large). So {@code
     * entities(first: 500) { nodes { ref } } } costs 500 x (1 + 2). Capped just above the budget,
     * so that sums of many siblings cannot overflow.
     */
    static int cost(FieldComplexityEnvironment env, int children, int budget) {
        GraphQLFieldDefinition field = env.getFieldDefinition();
        long items = items(env.getArguments(), env.getParentType().getName() + "." + field.getName(), field.getType());
        long own = GraphQLTypeUtil.unwrapAll(field.getType()) instanceof GraphQLScalarType scalar && scalar.getName().equals("JSON")
                ? JSON_VALUE_COST : 1;
        return (int) Math.min((long) budget + 1, items * (own + children));
    }

    /** Items assumed for a list that takes no {@code first}: more than most have, so that the cost is an upper bound in practice. */
    static final int UNBOUNDED_LIST_ITEMS = 10;

    /** What one JSON value counts for: a descriptor, a spec or a fact value can be kilobytes. */
    static final int JSON_VALUE_COST = 10;

    /**
     * Lists whose size is already counted by their parent (a connection's page, a walk's nodes) or
     * that are usually longer than {@link #UNBOUNDED_LIST_ITEMS} (all of an entity's kept history).
     */
    private static final Map<String, Integer> LIST_ESTIMATES = Map.of(
            "Graph.nodes", 1, "Graph.edges", 1, "Path.nodes", 1, "Path.edges", 1,
            "ScoreHistory.scores", 100, "ScoreHistory.checks", 100);

    private static long items(Map<String, Object> arguments, String coordinates, GraphQLOutputType type) {
        if (arguments.get("first") instanceof Number first) {
            return Math.max(1, first.longValue());
        }
        if (arguments.get("maxNodes") instanceof Number nodes) {
            return Math.max(1, nodes.longValue());
        }
        if (arguments.get("refs") instanceof List<?> refs) {
            return Math.max(1, refs.size());
        }
        if (!GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(type))) {
            return 1;
        }
        Integer estimate = LIST_ESTIMATES.get(coordinates);
        if (estimate != null) {
            return estimate;
        }
        // a connection's edges and nodes are its page, which the connection's first already counted
        return coordinates.contains("Connection.") ? 1 : UNBOUNDED_LIST_ITEMS;
    }

    /**
     * The variables that can change a query's cost: numbers, and the sizes of lists. Cursors and
     * other strings do not, so pages of the same query share one check.
     */
    private static Map<String, Object> sizes(Map<String, Object> variables) {
        if (variables.isEmpty()) {
            return null;
        }
        Map<String, Object> sizes = new HashMap<>();
        variables.forEach((name, value) -> {
            if (value instanceof Number) {
                sizes.put(name, value);
            } else if (value instanceof List<?> list) {
                sizes.put(name, list.size());
            }
        });
        return sizes;
    }

    private static int pathLength(QueryVisitorFieldEnvironment env) {
        int length = 1;
        for (QueryVisitorFieldEnvironment parent = env.getParentEnvironment(); parent != null; parent = parent.getParentEnvironment()) {
            length++;
        }
        return length;
    }
}
