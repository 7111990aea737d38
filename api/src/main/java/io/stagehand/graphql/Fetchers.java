package io.stagehand.graphql;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.core.ResolvableType;
import org.springframework.graphql.execution.SelfDescribingDataFetcher;

/**
 * The two kinds of data fetcher every module's wiring table uses for nested fields: a read of the
 * parent object, and a hand-off to a named DataLoader. Root fields are annotated controller methods;
 * nested fields are wired in a table ({@code RuntimeWiringConfigurer}) with these, so that a field
 * read for every entity of a large page costs no reflection and no per-field context wrapping.
 */
public final class Fetchers {

    private Fetchers() {
    }

    /**
     * A field read from its source object: a {@link LightDataFetcher} spares graphql-java building an
     * environment per field, and a {@link TrivialDataFetcher} is not wrapped by Spring for context
     * propagation, which a getter does not need (the default property fetcher instead looks the
     * getter up in a shared map and calls it reflectively on every field).
     */
    public static <S> LightDataFetcher<Object> light(Function<S, Object> read) {
        return new Light<>(read);
    }

    private record Light<S>(Function<S, Object> read) implements LightDataFetcher<Object>, TrivialDataFetcher<Object> {

        @Override
        public Object get(GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> env) {
            return read(source);
        }

        @Override
        public Object get(DataFetchingEnvironment env) {
            return read(env.getSource());
        }

        @SuppressWarnings("unchecked")
        private Object read(Object source) {
            return read.apply((S) source);
        }
    }

    /**
     * A field answered through a DataLoader, telling the schema inspector what it returns (the
     * loader hides it). Trivial to Spring too: it only hands a key to a DataLoader, whose batches get
     * the request's context from Spring's loader registry, so per-field context wrapping is pure cost.
     */
    public static <T> SelfDescribingDataFetcher<T> loaded(String name, ResolvableType returns, DataFetcher<T> fetcher) {
        return new LoadedFetcher<>() {
            @Override
            public T get(DataFetchingEnvironment env) throws Exception {
                return fetcher.get(env);
            }

            @Override
            public String getDescription() {
                return name;
            }

            @Override
            public ResolvableType getReturnType() {
                return returns;
            }

            @Override
            public boolean usesDataLoader() {
                return true;
            }
        };
    }

    private interface LoadedFetcher<T> extends SelfDescribingDataFetcher<T>, TrivialDataFetcher<T> {
    }
}
