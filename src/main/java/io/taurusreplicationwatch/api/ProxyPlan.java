package io.taurusreplicationwatch.api;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;

/**
 * Which proxy, if any, a request to a host goes through: one for https:// targets and one for http:// targets
 * (the same one when set by watch.api.proxy, HTTPS_PROXY and HTTP_PROXY otherwise), except for the hosts the
 * {@link NoProxy} list sends direct.
 */
public record ProxyPlan(ProxyServer https, ProxyServer http, NoProxy noProxy, String noProxySource) {

    /** Every request direct. */
    public static ProxyPlan direct() {
        return new ProxyPlan(null, null, NoProxy.none(), null);
    }

    /** The proxy a request to {@code target} goes through; null for a direct connection. */
    public ProxyServer proxyFor(HttpHost target) {
        if (noProxy.bypasses(target.getHostName())) {
            return null;
        }
        return "https".equalsIgnoreCase(target.getSchemeName()) ? https : http;
    }

    /** The proxies' users and passwords, offered to a proxy that demands them (407) and to no other host. */
    CredentialsProvider credentials() {
        BasicCredentialsProvider provider = new BasicCredentialsProvider();
        for (ProxyServer proxy : proxies()) {
            if (proxy.user() != null) {
                provider.setCredentials(new AuthScope(proxy.host(), proxy.port()), new UsernamePasswordCredentials(
                        proxy.user(), proxy.password() == null ? new char[0] : proxy.password().toCharArray()));
            }
        }
        return provider;
    }

    /** The proxy passwords, never to be shown in a log line. */
    public Set<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        proxies().forEach(proxy -> {
            if (proxy.password() != null) {
                secrets.add(proxy.password());
            }
        });
        return secrets;
    }

    /** Which proxy is used for what, without passwords, for the start-up log. */
    public String describe() {
        if (https == null && http == null) {
            return "none, connecting directly";
        }
        String bypass = noProxySource == null ? "" : "; direct to the hosts in " + noProxySource;
        if (https != null && https.equals(http)) {
            return https.describe() + " for https:// and http://" + bypass;
        }
        return (https == null ? "none" : https.describe()) + " for https://, "
                + (http == null ? "none" : http.describe()) + " for http://" + bypass;
    }

    private Set<ProxyServer> proxies() {
        Set<ProxyServer> proxies = new LinkedHashSet<>();
        if (https != null) {
            proxies.add(https);
        }
        if (http != null) {
            proxies.add(http);
        }
        return proxies;
    }

    @Override
    public String toString() {
        return describe();
    }
}
