package io.taurusreplicationwatch.api;

import javax.net.ssl.SSLContext;

/**
 * How every outbound HTTP call of the service reaches its host: its timeouts, the authorities its TLS trusts
 * (watch.api.truststore, else the JVM's), and its proxy.
 */
public record ApiTransport(ApiTimeouts timeouts, SSLContext tls, ProxyPlan proxy) {
}
