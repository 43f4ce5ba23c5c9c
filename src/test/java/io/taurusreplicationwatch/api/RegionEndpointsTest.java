package io.taurusreplicationwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RegionEndpoints}: an override wins, then the default region's endpoint, then the vendor's name. */
class RegionEndpointsTest {

    private final RegionEndpoints endpoints = new RegionEndpoints("cn-north-4", URI.create("http://127.0.0.1:8080"),
            Map.of("cn-south-1", URI.create("http://127.0.0.1:9090")));

    @Test
    void should_serve_the_default_region_by_the_configured_endpoint() {
        assertThat(endpoints.of("cn-north-4")).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void should_serve_an_overridden_region_by_its_override() {
        assertThat(endpoints.of("cn-south-1")).isEqualTo(URI.create("http://127.0.0.1:9090"));
    }

    @Test
    void should_derive_the_endpoint_of_any_other_region_from_its_name() {
        assertThat(endpoints.of("la-south-2")).isEqualTo(URI.create("https://gaussdb.la-south-2.myhuaweicloud.com"));
    }
}
