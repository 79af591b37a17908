package dev.twinstack.platform;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One page of a keyset-paginated list. {@code next} is the cursor to pass as {@code after} for the following page, or
 * null on the last page.
 */
public record Page<T>(List<T> items, Long next) {

    /** Builds a page from a query that fetched {@code limit + 1} rows: the extra row only tells that more exist. */
    public static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> id) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), id.applyAsLong(items.get(limit - 1)));
    }
}
