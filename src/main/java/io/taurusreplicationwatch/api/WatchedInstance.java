package io.taurusreplicationwatch.api;

/** A TaurusDB HTAP instance whose StarRocks replication tasks are watched, with the project it belongs to. */
public record WatchedInstance(String projectId, String instanceId) {

    @Override
    public String toString() {
        return projectId + ":" + instanceId;
    }
}
