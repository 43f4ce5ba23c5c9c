package io.taurusreplicationwatch.events;

import java.util.Locale;

/** The three kinds of change event; the CloudEvents type is {@value #TYPE_PREFIX} followed by the lower-case name. */
public enum ChangeType {
    DISCOVERED, CHANGED, REMOVED;

    public static final String TYPE_PREFIX = "taurusdb.starrocks.replication.";

    public String cloudEventType() {
        return TYPE_PREFIX + name().toLowerCase(Locale.ROOT);
    }
}
