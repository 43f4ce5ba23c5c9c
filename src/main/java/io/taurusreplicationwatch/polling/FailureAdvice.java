package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.api.ApiErrorException;
import io.taurusreplicationwatch.credentials.CredentialsExpiredException;

/**
 * What a failed poll's error code means for an operator, and what the service does about it. The gateway answers
 * {@code APIGW.*} on shared gateways and {@code APIG.*} on dedicated ones; both are understood.
 */
public final class FailureAdvice {

    private FailureAdvice() {
    }

    public static String forCode(String code) {
        return switch (code) {
            case InstanceSchedule.MISSING_INSTANCE -> "The instance does not exist (any more) in this project:"
                    + " check watch.instances; it is polled every watch.poll.missing-instance-interval until it is back.";
            case "APIGW.0301", "APIG.0301", "HTTP.401", "HTTP.403" -> "The gateway refused the credentials: check the"
                    + " access key and secret key (or token), and that this host's clock is within 15 minutes of the"
                    + " real time, since the signature carries it. Retrying with backoff.";
            case "APIGW.0308", "APIG.0308", "HTTP.429" -> "The API throttles this account: backing off, and never"
                    + " retrying before its Retry-After.";
            case "APIGW.0101", "APIG.0101", "HTTP.404" -> "No such API at this endpoint: check watch.region and"
                    + " watch.api.endpoint. Retrying with backoff.";
            case ApiErrorException.UNRECOGNIZED -> "The API answered with an error_code outside its documented shape"
                    + " (quoted above as sent); all such codes are counted together. Retrying with backoff.";
            case "WATCH.MALFORMED_RESPONSE", "WATCH.EMPTY_RESPONSE" -> "The answer was not the documented JSON; this"
                    + " poll is dropped, nothing is removed, and the instance is retried with backoff.";
            case ApiErrorException.RESPONSE_TOO_LARGE -> "The answer was larger than watch.api.max-response-size and"
                    + " was refused while being read; a proxy or gateway may be sending something else than the API's"
                    + " page, or raise the limit. Retrying with backoff.";
            case ApiErrorException.REQUEST_DEADLINE -> "The answer did not arrive whole within"
                    + " watch.api.request-deadline (a slow network or a stalled gateway); the request was aborted."
                    + " Retrying with backoff.";
            case CredentialsExpiredException.CODE -> "The credentials expired and their source (named above) gave no"
                    + " new ones: check that it is reachable and grants them (the agency bound to the server, the IAM"
                    + " user, the file). Readiness is DOWN until a refresh succeeds; retrying with backoff.";
            case ApiErrorException.REQUEST_ABORTED -> "The service is stopping; the request was aborted and the next"
                    + " start polls again.";
            case ApiErrorException.TLS_UNTRUSTED -> "The API's certificate is not signed by an authority the service"
                    + " trusts: for a private CA, or a proxy that inspects TLS with its own certificate, set"
                    + " watch.api.truststore (and watch.api.truststore-password) to a JKS or PKCS12 trust store holding"
                    + " that CA's certificate. Retrying with backoff.";
            case ApiErrorException.TLS_HOSTNAME_MISMATCH -> "The API's certificate is issued for other host names than"
                    + " the one in watch.api.endpoint: use the host name the certificate names (not an address), or"
                    + " check for a proxy that answers with a certificate of its own. Host names are always verified."
                    + " Retrying with backoff.";
            case ApiErrorException.PROXY_AUTH -> "The proxy demands authentication (407): set watch.api.proxy-user and"
                    + " watch.api.proxy-password (or user:password in the HTTPS_PROXY/HTTP_PROXY URL), or correct"
                    + " them. Retrying with backoff.";
            case ApiErrorException.PROXY_REFUSED -> "The proxy would not open a tunnel to the API (403: its policy"
                    + " does not allow the API's host; 502/503/504: it could not reach the API): allow the host on the"
                    + " proxy, or list it in NO_PROXY if it is reachable directly. Retrying with backoff.";
            case ApiErrorException.PROXY_UNREACHABLE -> "The proxy cannot be reached: check watch.api.proxy (or"
                    + " HTTPS_PROXY/HTTP_PROXY) and that the proxy is up. Retrying with backoff.";
            default -> code.startsWith("KAFKA.") ? "Kafka did not acknowledge an event: the task state did not advance"
                    + " and the change is published by a later poll. Retrying with backoff."
                    : "Retrying with backoff (watch.poll.interval doubling up to watch.poll.max-backoff).";
        };
    }
}
