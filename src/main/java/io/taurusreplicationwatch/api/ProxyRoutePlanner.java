package io.taurusreplicationwatch.api;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Routes each request through the proxy its {@link ProxyPlan} names for the target, or directly. */
final class ProxyRoutePlanner extends DefaultRoutePlanner {

    private final ProxyPlan plan;

    ProxyRoutePlanner(ProxyPlan plan) {
        super(DefaultSchemePortResolver.INSTANCE);
        this.plan = plan;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) {
        ProxyServer proxy = plan.proxyFor(target);
        return proxy == null ? null : new HttpHost("http", proxy.host(), proxy.port());
    }
}
