package io.stagehand.graphql;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies over {@code stagehand.api.max-request-bytes} with {@code 413}: at once when
 * the {@code Content-Length} says so, and while reading a body sent without one. Without it, the
 * codec's own buffer limit ended such requests with a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit implements WebFilter {

    private final long maxBytes;

    RequestSizeLimit(ApiProperties limits) {
        this.maxBytes = limits.maxRequestBytes();
    }

    /** Signals a body that grew over the limit while it was read. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException() {
            super(null, null, false, false);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBytes) {
            return tooLarge(exchange.getResponse());
        }
        AtomicLong read = new AtomicLong();
        ServerHttpRequestDecorator counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().handle((buffer, sink) -> {
                    if (read.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        sink.error(new TooLargeException());
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                .onErrorResume(e -> (read.get() > maxBytes || overCodecLimit(e)) && !exchange.getResponse().isCommitted(),
                        e -> tooLarge(exchange.getResponse()));
    }

    /** The codec's buffer limit ({@code spring.http.codecs.max-in-memory-size}) may be the lower one. */
    private static boolean overCodecLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    private Mono<Void> tooLarge(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = ("{\"errors\":[{\"message\":\"The request body is larger than " + maxBytes
                + " bytes (stagehand.api.max-request-bytes)\",\"extensions\":{\"classification\":\"BAD_REQUEST\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
