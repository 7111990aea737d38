package io.stagehand.catalog.graphql;

import static io.stagehand.model.RelationTypes.*;

import graphql.scalars.ExtendedScalars;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.stagehand.catalog.graphql.CatalogLoaders.ProblemsKey;
import io.stagehand.catalog.graphql.CatalogLoaders.RelatedKey;
import io.stagehand.catalog.graphql.CatalogLoaders.RelationsKey;
import io.stagehand.catalog.graphql.Views.RelationView;
import io.stagehand.graphql.Cursors;
import io.stagehand.graphql.Fetchers;
import io.stagehand.graphql.Paging;
import io.stagehand.model.EntityRef;
import io.stagehand.model.Kind;
import io.stagehand.model.RelationFilter;
import io.stagehand.model.SpecRelation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dataloader.DataLoader;
import org.springframework.core.ResolvableType;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * Wires the entity types of the schema: which type each entity is, and the fields that need more
 * than a property read. Relation fields are declared in one table here, each answered through a
 * DataLoader.
 */
@Component
class EntityWiring implements RuntimeWiringConfigurer {

    /** A connection field: the relation type followed from the entity, and the kind of target it lists (null for any). */
    private record Connection(String type, String field, String relation, String kind) {
    }

    /** A single-entity field read from a spec field, with the field's default kind and the kind it must have. */
    private record Single(String type, String field, String specField, String defaultKind, String requiredKind) {
    }

    private static final List<Connection> CONNECTIONS = List.of(
            new Connection("Component", "subcomponents", HAS_PART, "component"),
            new Connection("Component", "providesApis", PROVIDES_API, null),
            new Connection("Component", "consumesApis", CONSUMES_API, null),
            new Connection("Component", "dependsOn", DEPENDS_ON, null),
            new Connection("Component", "dependents", DEPENDENCY_OF, null),
            new Connection("Api", "providers", API_PROVIDED_BY, null),
            new Connection("Api", "consumers", API_CONSUMED_BY, null),
            new Connection("Resource", "dependsOn", DEPENDS_ON, null),
            new Connection("Resource", "dependents", DEPENDENCY_OF, null),
            new Connection("System", "components", HAS_PART, "component"),
            new Connection("System", "apis", HAS_PART, "api"),
            new Connection("System", "resources", HAS_PART, "resource"),
            new Connection("Domain", "systems", HAS_PART, "system"),
            new Connection("Domain", "subdomains", HAS_PART, "domain"),
            new Connection("Group", "children", PARENT_OF, null),
            new Connection("Group", "members", HAS_MEMBER, null),
            new Connection("Group", "ownedEntities", OWNER_OF, null),
            new Connection("User", "memberOf", MEMBER_OF, null),
            new Connection("User", "ownedEntities", OWNER_OF, null));

    /**
     * The fields a list of entities answers without their descriptors: those of the stored row, and
     * those answered through DataLoaders from the entity's key.
     */
    static final Set<String> WITHOUT_DESCRIPTOR = Stream.of(EntityView.ROW_FIELDS.stream(), Stream.of("relations", "problems", "ancestry", "orphan"),
            CONNECTIONS.stream().map(Connection::field)).flatMap(s -> s).collect(Collectors.toUnmodifiableSet());

    /** Each single-reference spec field of the catalog's table becomes a field of the same name (and one with Ref). */
    private static final List<Single> SINGLES = SpecRelation.ALL.stream()
            .filter(field -> !field.many())
            .map(field -> new Single(typeName(field.kind()), field.field(), field.field(), field.defaultKind(), field.targetKind()))
            .toList();

    /** The schema's type for a built-in kind. */
    private static String typeName(Kind kind) {
        return kind == Kind.API ? "Api" : kind.displayName();
    }

    private final Paging paging;

    EntityWiring(Paging paging) {
        this.paging = paging;
    }

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        wiring.scalar(ExtendedScalars.Json);
        wiring.scalar(ExtendedScalars.DateTime);
        wiring.type("Entity", type -> type.typeResolver(env -> env.getSchema().getObjectType(((EntityView) env.getObject()).graphQlType())));
        for (String typeName : EntityView.TYPES) {
            wiring.type(typeName, type -> type
                    .dataFetcher("ref", Fetchers.light(EntityView::ref))
                    .dataFetcher("descriptor", Fetchers.light(EntityView::descriptor))
                    .dataFetcher("annotation", env -> view(env).annotation(env.getArgument("key")))
                    .dataFetcher("spec", env -> view(env).specJson())
                    .dataFetcher("ancestry", Fetchers.loaded("EntityWiring.ancestry", LIST_OF_ENTITY_VIEWS,
                            env -> loader(env, CatalogLoaders.ANCESTRY).load(view(env).key())))
                    .dataFetcher("orphan", Fetchers.loaded("EntityWiring.orphan", ResolvableType.forClass(Boolean.class),
                            env -> loader(env, CatalogLoaders.ORPHANED_SOURCE).load(view(env).source())))
                    .dataFetcher("problems", Fetchers.loaded("EntityWiring.problems", LIST_OF_PROBLEMS,
                            env -> loader(env, CatalogLoaders.PROBLEMS).load(new ProblemsKey(view(env).key(), first(env)))))
                    .dataFetcher("relations", Fetchers.loaded("EntityWiring.relations", LIST_OF_RELATIONS, env -> {
                        List<String> types = env.getArgument("type");
                        return loader(env, CatalogLoaders.RELATIONS).load(new RelationsKey(view(env).key(), types, first(env)));
                    })));
        }
        for (Single single : SINGLES) {
            wiring.type(single.type(), type -> type
                    .dataFetcher(single.field() + "Ref", env -> view(env).specRef(single.specField(), single.defaultKind()))
                    .dataFetcher(single.field(), Fetchers.loaded("EntityWiring." + single.field(), ENTITY_VIEW, env -> {
                        String ref = view(env).specRef(single.specField(), single.defaultKind());
                        if (ref == null) {
                            return null;
                        }
                        EntityRef target = EntityRef.parse(ref);
                        if (single.requiredKind() != null && !single.requiredKind().equals(target.kind())) {
                            return null;
                        }
                        return loader(env, CatalogLoaders.ENTITY).load(target.key());
                    })));
        }
        for (Connection connection : CONNECTIONS) {
            wiring.type(connection.type(), type -> type.dataFetcher(connection.field(),
                    Fetchers.loaded("EntityWiring." + connection.field(), ResolvableType.forClass(Views.RelatedConnection.class), related(connection))));
        }
        wiring.type("Relation", type -> type
                .dataFetcher("type", Fetchers.light(RelationView::type))
                .dataFetcher("targetRef", Fetchers.light(RelationView::targetRef))
                .dataFetcher("target", Fetchers.loaded("EntityWiring.target", ENTITY_VIEW, env -> {
            RelationView relation = env.getSource();
            return loader(env, CatalogLoaders.ENTITY).load(relation.targetKey());
        })));
        wiring.type("GraphNode", type -> type.dataFetcher("entity", Fetchers.loaded("EntityWiring.entity", ENTITY_VIEW, env -> {
            Views.GraphNode node = env.getSource();
            return loader(env, CatalogLoaders.ENTITY).load(node.key());
        })));
        wiring.type("EntityChange", type -> type.dataFetcher("entity", Fetchers.loaded("EntityWiring.entity", ENTITY_VIEW, env -> {
            Views.ChangeView change = env.getSource();
            return change.type().equals("DELETED") ? null : loader(env, CatalogLoaders.ENTITY).load(change.key());
        })));
    }

    private static final ResolvableType ENTITY_VIEW = ResolvableType.forClass(EntityView.class);
    private static final ResolvableType LIST_OF_ENTITY_VIEWS = ResolvableType.forClassWithGenerics(List.class, EntityView.class);
    private static final ResolvableType LIST_OF_PROBLEMS = ResolvableType.forClassWithGenerics(List.class, Views.ProblemView.class);
    private static final ResolvableType LIST_OF_RELATIONS = ResolvableType.forClassWithGenerics(List.class, RelationView.class);

    /** A list field's {@code first}, 100 by default, within the page size limit. */
    private int first(DataFetchingEnvironment env) {
        return paging.first(env.getArgument("first"), 100);
    }

    private DataFetcher<CompletableFuture<Object>> related(Connection connection) {
        return env -> {
            int first = first(env);
            Map<String, Object> filter = env.getArgument("filter");
            RelationFilter relationFilter = filter == null ? null
                    : new RelationFilter(strings(filter.get("kind")), strings(filter.get("type")), strings(filter.get("lifecycle")));
            String after = Cursors.decodeKey(env.getArgument("after"));
            return loader(env, CatalogLoaders.RELATED).load(new RelatedKey(view(env).key(), connection.relation(), connection.kind(),
                    relationFilter, first, after));
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? null : ((List<String>) value).stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    private static EntityView view(DataFetchingEnvironment env) {
        return env.getSource();
    }

    private static DataLoader<Object, Object> loader(DataFetchingEnvironment env, String name) {
        return env.getDataLoader(name);
    }
}
