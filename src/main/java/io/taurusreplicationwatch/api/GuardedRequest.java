package io.taurusreplicationwatch.api;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.camel.util.TimeUtils;

/**
 * One API request in flight, from sending it until its answer is read or refused. It ends once: finished, or aborted
 * for a reason (too large, past its deadline, the service stopping). Aborting closes the connection at once, which
 * also wakes a thread blocked reading it; that thread then fails with the reason, not with a bare socket error.
 */
final class GuardedRequest {

    private final RequestLimits limits;
    private final Runnable closeConnection;
    private final Consumer<GuardedRequest> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();
    private volatile ApiErrorException abortedFor;
    private volatile ScheduledFuture<?> deadline;
    private volatile int status;
    private volatile String requestId;

    GuardedRequest(RequestLimits limits, Runnable closeConnection, Consumer<GuardedRequest> onEnd) {
        this.limits = limits;
        this.closeConnection = closeConnection;
        this.onEnd = onEnd;
    }

    void deadline(ScheduledFuture<?> timer) {
        this.deadline = timer;
        if (ended.get()) {
            timer.cancel(false);
        }
    }

    /** The status line and request id have arrived: errors from now on name them. */
    void answered(int statusCode, String id) {
        this.status = statusCode;
        this.requestId = id;
    }

    /** Counts bytes of the answer as they are read; refuses the answer once it exceeds the limit. */
    void received(long bytes) {
        long total = received.addAndGet(bytes);
        if (total > limits.maxResponseBytes()) {
            throw refuseTooLarge("more than " + limits.maxResponseBytes() + " bytes were read");
        }
    }

    /** Refuses the answer before reading it, or while reading it. */
    ApiErrorException refuseTooLarge(String what) {
        ApiErrorException tooLarge = new ApiErrorException(status, ApiErrorException.RESPONSE_TOO_LARGE, "the answer"
                + " exceeds watch.api.max-response-size (" + limits.maxResponseBytes() + " bytes): " + what
                + "; it was refused and its connection closed", requestId);
        abort(tooLarge);
        return abortedFor == null ? tooLarge : abortedFor;
    }

    void deadlinePassed() {
        abort(new ApiErrorException(status, ApiErrorException.REQUEST_DEADLINE, "no complete answer within"
                + " watch.api.request-deadline (" + TimeUtils.printDuration(limits.deadline()) + ", " + received.get()
                + " bytes read); the request was aborted", requestId));
    }

    void serviceStopping() {
        abort(new ApiErrorException(status, ApiErrorException.REQUEST_ABORTED, "the service is stopping; the"
                + " request in flight was aborted rather than waited for", requestId));
    }

    /** The answer was read, or given up by its reader: nothing left to guard. */
    void finish() {
        if (ended.compareAndSet(false, true)) {
            end();
        }
    }

    /**
     * Throws the reason this request was aborted, if it was: a failure the abort caused is that reason. A new
     * exception each time, since the reader may meet it twice (a read, then the close).
     */
    void rethrowIfAborted() {
        ApiErrorException reason = abortedFor;
        if (reason != null) {
            throw new ApiErrorException(reason.httpStatus(), reason.errorCode(), reason.errorMessage(),
                    reason.requestId());
        }
    }

    private void abort(ApiErrorException reason) {
        if (ended.compareAndSet(false, true)) {
            abortedFor = reason;
            end();
            closeConnection.run();
        }
    }

    private void end() {
        ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        onEnd.accept(this);
    }
}
