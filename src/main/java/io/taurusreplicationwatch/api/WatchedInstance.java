package io.taurusreplicationwatch.api;

/**
 * A TaurusDB HTAP instance whose StarRocks replication tasks are watched, with the region whose endpoint serves it
 * and the project it belongs to there. Its text is {@code <project_id>:<instance_id>}, as in metrics and log lines:
 * a project id belongs to one region, so it already tells the instances of two regions apart.
 */
public record WatchedInstance(String region, String projectId, String instanceId) {

    @Override
    public String toString() {
        return projectId + ":" + instanceId;
    }
}
