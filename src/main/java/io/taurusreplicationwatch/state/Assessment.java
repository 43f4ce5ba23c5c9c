package io.taurusreplicationwatch.state;

/** What an observation of a task means against its record: which event, if any, it calls for. */
public enum Assessment {
    /** Nothing to announce. */
    UNCHANGED,
    /** A tracked field changed, or the task appeared or went. */
    CHANGED,
    /** The tracked fields are as recorded, but the progress has not moved for the stall time. */
    STALLED,
    /** The task was announced as stalled, and its progress has moved (or it left the stage that was stalled). */
    RESUMED
}
