package io.stagehand.graphql;


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
        return bounded("first", first == null ? byDefault : first, 0, max);
    }

    /** A number argument within its bounds, or a bad request naming it. */
    public static int bounded(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadRequestException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
