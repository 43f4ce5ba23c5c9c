package io.taurusreplicationwatch.api;

/** Where a poll stands in an instance's listing: what the next page request asks for. */
public interface PageCursor {

    WatchedInstance instance();

    int limit();

    int nextOffset();
}
