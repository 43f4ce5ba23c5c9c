package io.taurusreplicationwatch.state;

/**
 * Told how each periodic save of the task state ended, for the meters: state sits below observability, which
 * implements this, as polling's {@code PollListener} does for polls.
 */
public interface StateSaveListener {

    /** A save ended; {@code succeeded} is false when the store threw. */
    void saveEnded(boolean succeeded);
}
