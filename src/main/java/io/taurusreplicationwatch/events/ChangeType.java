package io.taurusreplicationwatch.events;

import java.util.Locale;

/**
 * The kinds of change event; the CloudEvents type is {@value #TYPE_PREFIX} followed by the lower-case name. A stall
 * (the progress of a full stage not moving for {@code watch.detect.stall-after}) is announced once, and ends with
 * the task's next event: {@code resumed} when its tracked fields are unchanged, else the usual one.
 */
public enum ChangeType {
    DISCOVERED, CHANGED, REMOVED, STALLED, RESUMED;

    public static final String TYPE_PREFIX = "taurusdb.starrocks.replication.";

    public String cloudEventType() {
        return TYPE_PREFIX + name().toLowerCase(Locale.ROOT);
    }
}
