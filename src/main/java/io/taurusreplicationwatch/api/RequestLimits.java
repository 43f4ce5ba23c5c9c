package io.taurusreplicationwatch.api;

import java.time.Duration;

/**
 * What one page request may cost: the most bytes its answer may have, counted as they are read (after gzip or deflate
 * is inflated), and the most time from sending it to the last byte of the answer.
 */
public record RequestLimits(long maxResponseBytes, Duration deadline) {
}
