package io.taurusreplicationwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NO_PROXY read as curl reads it, and the metadata address never proxied. */
class NoProxyTest {

    @ParameterizedTest
    @CsvSource({
        "'example.com', example.com, true",
        "'example.com', api.example.com, true",
        "'example.com', badexample.com, false",
        "'.example.com', api.example.com, true",
        "'*.example.com', api.example.com, true",
        "'.example.com', example.org, false",
        "' localhost , 127.0.0.1 ', 127.0.0.1, true",
        "'localhost,127.0.0.1', 127.0.0.2, false",
        "'10.0.0.0/8', 10.20.30.40, true",
        "'10.0.0.0/8', 11.0.0.1, false",
        "'192.168.1.0/24', 192.168.1.77, true",
        "'192.168.1.0/24', 192.168.2.1, false",
        "'internal.corp:8443', internal.corp, true",
        "'::1', [::1], true",
        "'[::1]:443', ::1, true",
        "'EXAMPLE.com', Api.Example.COM, true",
        "'*', anything.at.all, true",
        "'', 169.254.169.254, true",
        "'example.com', 169.254.169.254, true",
        "'', example.com, false",
        "'10.0.0.0/99,not/a/block', 10.0.0.1, false"
    })
    void a_host_is_reached_directly_exactly_when_the_list_says_so(String list, String host, boolean direct) {
        assertThat(NoProxy.parse(list).bypasses(host)).isEqualTo(direct);
    }

    @Test
    void the_metadata_address_goes_direct_even_through_a_configured_proxy() {
        ProxyServer proxy = new ProxyServer("proxy.corp", 3128, null, null, "watch.api.proxy");
        ProxyPlan plan = new ProxyPlan(proxy, proxy, NoProxy.none(), null);

        assertThat(plan.proxyFor(new HttpHost("http", "169.254.169.254", 80))).isNull();
        assertThat(plan.proxyFor(new HttpHost("https", "iam.myhuaweicloud.com", 443))).isEqualTo(proxy);
    }

    @Test
    void https_and_http_targets_take_their_own_proxy() {
        ProxyServer https = new ProxyServer("secure.corp", 3128, null, null, "HTTPS_PROXY");
        ProxyServer http = new ProxyServer("plain.corp", 8080, null, null, "HTTP_PROXY");
        ProxyPlan plan = new ProxyPlan(https, http, NoProxy.parse(".internal"), "NO_PROXY");

        assertThat(plan.proxyFor(new HttpHost("https", "gaussdb.example.com", 443))).isEqualTo(https);
        assertThat(plan.proxyFor(new HttpHost("http", "gaussdb.example.com", 80))).isEqualTo(http);
        assertThat(plan.proxyFor(new HttpHost("https", "db.internal", 443))).isNull();
    }

    @Test
    void the_description_names_the_proxy_but_never_its_credentials() {
        ProxyServer proxy = new ProxyServer("proxy.corp", 3128, "svc-user", "s3cr3t-proxy-pw", "HTTPS_PROXY");
        ProxyPlan plan = new ProxyPlan(proxy, null, NoProxy.none(), "NO_PROXY");

        assertThat(plan.describe()).contains("proxy.corp:3128", "HTTPS_PROXY", "Basic authentication", "NO_PROXY")
                .doesNotContain("svc-user", "s3cr3t-proxy-pw");
        assertThat(plan.toString()).doesNotContain("svc-user", "s3cr3t-proxy-pw");
        assertThat(proxy.toString()).doesNotContain("svc-user", "s3cr3t-proxy-pw");
        assertThat(plan.secrets()).containsExactly("s3cr3t-proxy-pw");
        assertThat(ProxyPlan.direct().describe()).isEqualTo("none, connecting directly");
    }
}
