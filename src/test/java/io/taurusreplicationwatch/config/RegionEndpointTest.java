package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

/** The shipped properties derive the API endpoint from {@code watch.region}; an explicit endpoint wins. */
class RegionEndpointTest {

    @Test
    void should_derive_the_endpoint_from_the_region() throws Exception {
        assertThat(endpointWith("watch.region", "ap-southeast-1"))
                .isEqualTo("https://gaussdb.ap-southeast-1.myhuaweicloud.com");
    }

    @Test
    void should_default_to_cn_north_4() throws Exception {
        assertThat(endpointWith("unrelated", "x")).isEqualTo("https://gaussdb.cn-north-4.myhuaweicloud.com");
    }

    @Test
    void should_let_an_explicit_endpoint_override_the_region() throws Exception {
        assertThat(endpointWith("watch.api.endpoint", "https://gaussdb.example.internal:8443"))
                .isEqualTo("https://gaussdb.example.internal:8443");
    }

    private static String endpointWith(String key, String value) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PropertiesComponent properties = context.getPropertiesComponent();
            properties.setLocation("file:config/application.properties");
            Properties overrides = new Properties();
            overrides.setProperty(key, value);
            properties.setOverrideProperties(overrides);
            return properties.resolveProperty(WatchSettings.ENDPOINT).orElseThrow();
        }
    }
}
