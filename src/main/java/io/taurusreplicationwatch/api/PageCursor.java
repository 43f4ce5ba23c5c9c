package io.taurusreplicationwatch.api;

/** Where a poll stands in an instance's listing: what the next page request asks for. */
public interface PageCursor {

    /** The exchange property under which the poll route keeps its cursor. */
    String PROPERTY = "watchPoll";

    WatchedInstance instance();

    int limit();

    int nextOffset();
}
