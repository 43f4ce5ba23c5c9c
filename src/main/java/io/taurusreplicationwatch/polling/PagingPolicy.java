package io.taurusreplicationwatch.polling;

/**
 * How a poll pages through the listing: page size ({@code limit}), what {@code offset} counts, and the number of
 * page requests after which a poll gives up, so that an API that ignores {@code offset} never loops forever.
 */
public record PagingPolicy(int limit, OffsetMode offsetMode, int maxPages) {
}
