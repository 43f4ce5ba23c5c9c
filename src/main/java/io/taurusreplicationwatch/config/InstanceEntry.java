package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.WatchedInstance;
import java.util.Optional;

/**
 * One entry of {@code watch.instances} as validated: its region ({@code watch.region} when the entry names none), its
 * project when the entry or the region's default project gives one (empty: IAM is asked at start-up), its instance.
 */
public record InstanceEntry(String region, Optional<String> projectId, String instanceId) {

    /** The instance watched, in this project. */
    public WatchedInstance in(String project) {
        return new WatchedInstance(region, project, instanceId);
    }
}
