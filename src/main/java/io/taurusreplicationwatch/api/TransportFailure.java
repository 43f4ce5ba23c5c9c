package io.taurusreplicationwatch.api;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpStatus;

/**
 * Names the failures of the way to the API rather than of the API: a certificate from an authority the service does
 * not trust, a certificate for another host, and a proxy that refuses, demands credentials or cannot be reached. Each
 * becomes an {@link ApiErrorException} with a code of its own, so that it is counted, logged once per streak and
 * advised like the API's own errors, instead of as a bare exception class.
 */
final class TransportFailure {

    private TransportFailure() {
    }

    /** The failure named, or null when it is not one of these. */
    static ApiErrorException of(Exception failure, HttpRoute route) {
        String target = route.getTargetHost().toHostString();
        if (failure instanceof SSLPeerUnverifiedException) {
            return new ApiErrorException(0, ApiErrorException.TLS_HOSTNAME_MISMATCH, "the certificate " + target
                    + " presented is not issued for that host (" + failure.getMessage() + ")", null);
        }
        if (failure instanceof SSLHandshakeException && causedBy(failure, CertificateException.class)) {
            return new ApiErrorException(0, ApiErrorException.TLS_UNTRUSTED, "the certificate " + target
                    + " presented is not signed by an authority in watch.api.truststore (or, when it is empty, the"
                    + " JVM's default trust): " + deepestMessage(failure), null);
        }
        if (route.getProxyHost() != null && unreachable(failure)) {
            return new ApiErrorException(0, ApiErrorException.PROXY_UNREACHABLE, "the proxy "
                    + route.getProxyHost().toHostString() + " cannot be reached: " + failure.getMessage(), null);
        }
        return null;
    }

    /**
     * The proxy's own refusal, when this answer is one: the answer to a CONNECT that did not open the tunnel (an
     * https answer always comes with its TLS session, which a refused tunnel never had), or a 407 on an http route
     * through a proxy, which only a proxy sends. Null for an answer of the API.
     */
    static ApiErrorException refusal(ClassicHttpResponse response, HttpRoute route, HttpClientContext context) {
        if (route.getProxyHost() == null) {
            return null;
        }
        boolean refusedTunnel = route.isTunnelled() && context.getSSLSession() == null;
        int status = response.getCode();
        if (!refusedTunnel && status != HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED) {
            return null;
        }
        String proxy = route.getProxyHost().toHostString();
        String target = route.getTargetHost().toHostString();
        if (status == HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED) {
            return new ApiErrorException(status, ApiErrorException.PROXY_AUTH, "the proxy " + proxy + " demands"
                    + " authentication for " + target + " and did not accept "
                    + (route.isTunnelled() ? "the credentials offered, if any" : "the request"), null);
        }
        return new ApiErrorException(status, ApiErrorException.PROXY_REFUSED, "the proxy " + proxy + " refused to"
                + " open a tunnel to " + target + " (HTTP " + status + " "
                + UntrustedText.escape(String.valueOf(response.getReasonPhrase())) + ")", null);
    }

    private static boolean unreachable(Exception failure) {
        return failure instanceof ConnectException || failure instanceof ConnectTimeoutException
                || failure instanceof NoRouteToHostException || failure instanceof UnknownHostException
                || failure instanceof InterruptedIOException && failure.getMessage() != null
                && failure.getMessage().startsWith("Connect");
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String deepestMessage(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null) {
            deepest = deepest.getCause();
        }
        return String.valueOf(deepest.getMessage());
    }
}
