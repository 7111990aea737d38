package io.stagehand.catalog.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Permission;
import io.stagehand.auth.Resource;
import io.stagehand.catalog.store.OrphanedSources;
import io.stagehand.graphql.BadRequestException;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Sources no longer configured that still hold entities, and their removal. */
@Controller
class OrphanController {

    private final OrphanedSources orphans;
    private final Authorizer authorizer;

    OrphanController(OrphanedSources orphans, Authorizer authorizer) {
        this.orphans = orphans;
        this.authorizer = authorizer;
    }

    /** An orphaned source as the schema declares it. */
    record OrphanView(String name, long entityCount, OffsetDateTime since, OffsetDateTime removeAt) {
    }

    @QueryMapping
    Mono<List<OrphanView>> orphanedSources() {
        return orphans.list().map(list -> list.stream()
                .map(o -> new OrphanView(o.source(), o.entities(), o.since(), o.removeAt())).toList());
    }

    @MutationMapping
    Mono<Integer> removeOrphanedSource(@Argument String name, DataFetchingEnvironment env) {
        return authorizer.guard(env, Permission.CATALOG_SOURCE_DELETE, Mono.just(Resource.source(name)), caller -> orphans.remove(name)
                .onErrorMap(IllegalArgumentException.class, e -> new BadRequestException(e.getMessage())));
    }
}
