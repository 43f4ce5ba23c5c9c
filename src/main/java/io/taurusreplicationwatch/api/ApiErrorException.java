package io.taurusreplicationwatch.api;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The API answered, but not with a usable page: an error body ({@code error_code}, {@code error_msg}), an HTTP
 * error without one, or a body that is not the documented JSON. Errors detected here, not by the service, carry
 * a {@code WATCH.*} code. The message escapes the API's text ({@link UntrustedText}), so that it is safe in any log
 * line, stack traces included.
 */
public class ApiErrorException extends RuntimeException {

    public static final String MALFORMED_RESPONSE = "WATCH.MALFORMED_RESPONSE";
    public static final String EMPTY_RESPONSE = "WATCH.EMPTY_RESPONSE";
    public static final String RESPONSE_TOO_LARGE = "WATCH.RESPONSE_TOO_LARGE";
    public static final String REQUEST_DEADLINE = "WATCH.REQUEST_DEADLINE";
    public static final String REQUEST_ABORTED = "WATCH.REQUEST_ABORTED";
    public static final String TLS_UNTRUSTED = "WATCH.TLS_UNTRUSTED";
    public static final String TLS_HOSTNAME_MISMATCH = "WATCH.TLS_HOSTNAME_MISMATCH";
    /** The proxy demands authentication (407), or refused the credentials offered. */
    public static final String PROXY_AUTH = "WATCH.PROXY_AUTH";
    /** The proxy refused to open a tunnel to the API (403, 502, ...). */
    public static final String PROXY_REFUSED = "WATCH.PROXY_REFUSED";
    public static final String PROXY_UNREACHABLE = "WATCH.PROXY_UNREACHABLE";
    /** The code under which an {@code error_code} outside the documented shape is counted. */
    public static final String UNRECOGNIZED = "API.UNRECOGNIZED";
    // The documented codes (APIGW.0301, APIG.0308, DBS.200022, ...): a short upper-case prefix, a dot, digits. Every
    // other code the API may invent would otherwise become a metric series and a WARN of its own.
    private static final Pattern DOCUMENTED_CODE = Pattern.compile("[A-Z]{2,10}\\.[0-9]{1,10}");

    private final int httpStatus;
    private final String errorCode;
    private final String reportedCode;
    private final String errorMessage;
    private final String requestId;
    private final Duration retryAfter;

    public ApiErrorException(int httpStatus, String errorCode, String errorMessage, String requestId) {
        this(httpStatus, errorCode, errorMessage, requestId, null);
    }

    public ApiErrorException(int httpStatus, String errorCode, String errorMessage, String requestId,
                             Duration retryAfter) {
        this(httpStatus, errorCode, errorCode, errorMessage, requestId, retryAfter);
    }

    private ApiErrorException(int httpStatus, String errorCode, String reportedCode, String errorMessage,
                              String requestId, Duration retryAfter) {
        // Status 0: the request ended before the API's status line arrived.
        super((httpStatus > 0 ? "HTTP " + httpStatus + " " : "") + errorCode
                + (errorCode.equals(reportedCode) ? "" : " (error_code " + UntrustedText.quote(reportedCode) + ")")
                + ": " + UntrustedText.escape(errorMessage)
                + (requestId == null ? "" : " (request id " + UntrustedText.escape(requestId) + ")"));
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.reportedCode = reportedCode;
        this.errorMessage = errorMessage;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    /**
     * An error the API reported with an {@code error_code} of its own: counted under that code when it has the
     * documented shape, under {@value #UNRECOGNIZED} otherwise (the message still names it).
     */
    public static ApiErrorException reported(int httpStatus, String apiCode, String errorMessage, String requestId) {
        String counted = DOCUMENTED_CODE.matcher(apiCode).matches() ? apiCode : UNRECOGNIZED;
        return new ApiErrorException(httpStatus, counted, apiCode, errorMessage, requestId, null);
    }

    /** The same error, with the wait the API asked for. */
    public ApiErrorException withRetryAfter(Duration wait) {
        return new ApiErrorException(httpStatus, errorCode, reportedCode, errorMessage, requestId, wait);
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

    /** The code this error is counted and advised under. */
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
