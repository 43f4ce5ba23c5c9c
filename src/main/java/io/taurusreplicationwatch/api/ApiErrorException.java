package io.taurusreplicationwatch.api;

import java.time.Duration;

/**
 * The API answered, but not with a usable page: an error body ({@code error_code}, {@code error_msg}), an HTTP
 * error without one, or a body that is not the documented JSON. Errors detected here, not by the service, carry
 * a {@code WATCH.*} code.
 */
public class ApiErrorException extends RuntimeException {

    public static final String MALFORMED_RESPONSE = "WATCH.MALFORMED_RESPONSE";
    public static final String EMPTY_RESPONSE = "WATCH.EMPTY_RESPONSE";
    public static final String RESPONSE_TOO_LARGE = "WATCH.RESPONSE_TOO_LARGE";
    public static final String REQUEST_DEADLINE = "WATCH.REQUEST_DEADLINE";
    public static final String REQUEST_ABORTED = "WATCH.REQUEST_ABORTED";

    private final int httpStatus;
    private final String errorCode;
    private final String errorMessage;
    private final String requestId;
    private final Duration retryAfter;

    public ApiErrorException(int httpStatus, String errorCode, String errorMessage, String requestId) {
        this(httpStatus, errorCode, errorMessage, requestId, null);
    }

    public ApiErrorException(int httpStatus, String errorCode, String errorMessage, String requestId,
                             Duration retryAfter) {
        // Status 0: the request ended before the API's status line arrived.
        super((httpStatus > 0 ? "HTTP " + httpStatus + " " : "") + errorCode + ": " + errorMessage
                + (requestId == null ? "" : " (request id " + requestId + ")"));
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    /** The same error, with the wait the API asked for. */
    public ApiErrorException withRetryAfter(Duration wait) {
        return new ApiErrorException(httpStatus, errorCode, errorMessage, requestId, wait);
    }

    /** The API error behind a failure, looking through the exceptions that wrap it; null if there is none. */
    public static ApiErrorException find(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiErrorException api) {
                return api;
            }
        }
        return null;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public String requestId() {
        return requestId;
    }

    /** How long the API asked the client to wait ({@code Retry-After}); null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
