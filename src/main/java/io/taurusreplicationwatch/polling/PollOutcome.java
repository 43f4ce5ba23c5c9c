package io.taurusreplicationwatch.polling;

import java.util.Locale;

/** How a poll ended, decided once when it ends: only a complete poll may conclude that a task is gone. */
public enum PollOutcome {
    /** Every page was read and the listing was consistent. */
    COMPLETE,
    /** The pages were read but the listing was not trustworthy as a whole: nothing was removed. */
    INCOMPLETE,
    /** A request, a page or a publish failed: the poll stopped there. */
    FAILED;

    /** The value of the {@code outcome} tag of the polls meter. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PollOutcome of(PollContext poll, Exception failure) {
        return failure != null ? FAILED : poll.isComplete() ? COMPLETE : INCOMPLETE;
    }
}
