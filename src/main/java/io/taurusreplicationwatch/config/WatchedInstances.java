package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.WatchedInstance;
import java.util.List;

/** The instances each poll visits, in configuration order. */
public record WatchedInstances(List<WatchedInstance> all) {
}
