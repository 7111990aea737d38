package io.stagehand.catalog.rest;

import io.stagehand.postgres.ReadReplica;
import io.stagehand.postgres.ReadRouting;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** With a read replica configured, the REST catalog API, which only reads, reads from it ({@link ReadRouting}). */
@Component
class RestReadsOnReplica implements WebFilter {

    private final boolean replica;

    RestReadsOnReplica(ReadReplica replica) {
        this.replica = replica.configured();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!replica || !exchange.getRequest().getPath().pathWithinApplication().value().startsWith(RestReadRestriction.PREFIX)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).contextWrite(ReadRouting::readOnly);
    }
}
