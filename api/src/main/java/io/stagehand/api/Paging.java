package io.stagehand.api;

import org.springframework.stereotype.Component;

/**
 * Page sizes, the same for every list: {@code first} between 0 and
 * {@code stagehand.api.max-page-size}, each list with its own default.
 */
@Component
public class Paging {

    private final int max;

    Paging(ApiProperties limits) {
        this.max = limits.maxPageSize();
    }

    /** {@code first}, or the list's default when it is not given; out of bounds is a bad request. */
    public int first(Integer first, int byDefault) {
        return CatalogController.bounded("first", first == null ? byDefault : first, 0, max);
    }
}
