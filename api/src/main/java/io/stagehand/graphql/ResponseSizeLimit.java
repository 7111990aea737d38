package io.stagehand.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.util.RawValue;

/**
 * Refuses an answer larger than {@code stagehand.api.max-response-bytes}. The complexity limit
 * counts items, not bytes, and a catalog author decides how large a fact value, an annotation or
 * a descriptor is; this is the last bound, measured on the answer before it is written. The size
 * is the JSON text's, give or take escapes, and the walk stops as soon as it is over the limit.
 */
final class ResponseSizeLimit implements WebGraphQlInterceptor {

    private final long maxBytes;

    ResponseSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            Object data = response.getExecutionResult().getData();
            if (data instanceof Publisher<?> || size(data, 0) <= maxBytes) {
                return response; // a subscription's events are measured by nobody: each is one change
            }
            GraphQLError error = GraphQLError.newError()
                    .errorType(ErrorType.BAD_REQUEST)
                    .message("The answer is larger than " + maxBytes + " bytes (stagehand.api.max-response-bytes);"
                            + " ask for fewer items (a smaller first) or fewer fields")
                    .build();
            ExecutionResult refused = ExecutionResult.newExecutionResult().addError(error).build();
            return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), refused));
        });
    }

    /** The size of the value's JSON text added to {@code sum}, or a number over the limit as soon as it is one. */
    private long size(Object value, long sum) {
        if (sum > maxBytes) {
            return sum;
        }
        if (value == null) {
            return sum + 4;
        }
        if (value instanceof CharSequence text) {
            return sum + text.length() + 3;
        }
        if (value instanceof Map<?, ?> map) {
            long total = sum + 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                total = size(entry.getValue(), total + String.valueOf(entry.getKey()).length() + 4);
                if (total > maxBytes) {
                    return total;
                }
            }
            return total;
        }
        if (value instanceof List<?> list) {
            long total = sum + 2;
            for (Object item : list) {
                total = size(item, total + 1);
                if (total > maxBytes) {
                    return total;
                }
            }
            return total;
        }
        if (value instanceof RawValue raw) {
            return sum + String.valueOf(raw.rawValue()).length();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return sum + 8;
        }
        return sum + String.valueOf(value).length() + 2;
    }
}
