package io.taurusreplicationwatch.state;

/**
 * The task state cannot be read; the message names where it is kept, what is wrong and what to do, in words an
 * operator acts on, so start-up reports it rather than the library failure beneath it.
 */
public class StateUnavailableException extends IllegalStateException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
