package io.taurusreplicationwatch.api;

/**
 * The API answered, but not with a usable page: an error body ({@code error_code}, {@code error_msg}), an HTTP
 * error without one, or a body that is not the documented JSON. Errors detected here, not by the service, carry
 * a {@code WATCH.*} code.
 */
public class ApiErrorException extends RuntimeException {

    public static final String MALFORMED_RESPONSE = "WATCH.MALFORMED_RESPONSE";
    public static final String EMPTY_RESPONSE = "WATCH.EMPTY_RESPONSE";

    private final int httpStatus;
    private final String errorCode;
    private final String errorMessage;
    private final String requestId;

    public ApiErrorException(int httpStatus, String errorCode, String errorMessage, String requestId) {
        super("HTTP " + httpStatus + " " + errorCode + ": " + errorMessage
                + (requestId == null ? "" : " (request id " + requestId + ")"));
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.requestId = requestId;
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
}
