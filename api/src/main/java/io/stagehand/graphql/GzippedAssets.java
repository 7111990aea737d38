package io.stagehand.graphql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.reactive.function.server.EntityResponse;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends GraphiQL's assets gzipped to browsers that accept it, each compressed once, when first asked for, and kept in memory. Only these assets: compressing
 * the API's answers is left as it is.
 */
final class GzippedAssets implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    /** Smaller files gain less than gzip's own overhead is worth. */
    private static final long MIN_BYTES = 1024;

    private final Map<String, byte[]> compressed = new ConcurrentHashMap<>();

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        if (!HttpMethod.GET.equals(request.method()) || !acceptsGzip(request) || !request.headers().header(HttpHeaders.RANGE).isEmpty()) {
            return next.handle(request);
        }
        return next.handle(request).flatMap(response -> {
            if (response.statusCode().is2xxSuccessful() && response instanceof EntityResponse<?> entity
                    && entity.entity() instanceof Resource resource && length(resource) >= MIN_BYTES) {
                return Mono.fromCallable(() -> compressed.computeIfAbsent(key(resource), k -> gzip(resource)))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(body -> ServerResponse.status(response.statusCode())
                                .headers(headers -> {
                                    headers.addAll(response.headers());
                                    headers.remove(HttpHeaders.CONTENT_LENGTH);
                                    // the resource's writer would set it from the file name; a byte array has none
                                    headers.setContentType(MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM));
                                    headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
                                    headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
                                })
                                .bodyValue(body));
            }
            return Mono.just(response);
        });
    }

    private static boolean acceptsGzip(ServerRequest request) {
        return request.headers().header(HttpHeaders.ACCEPT_ENCODING).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(coding -> coding.split(";")[0].trim())
                .anyMatch("gzip"::equalsIgnoreCase);
    }

    private static long length(Resource resource) {
        try {
            return resource.contentLength();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String key(Resource resource) throws IOException {
        return resource.getURL().toString();
    }

    private static byte[] gzip(Resource resource) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = resource.getInputStream(); GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compress " + resource, e);
        }
        return bytes.toByteArray();
    }
}
