package io.taurusreplicationwatch.api;

import java.net.URI;
import java.util.Map;

/**
 * The base URL of the API in each region: an explicit override if one is given for the region, the configured
 * endpoint for the default region, and the vendor's naming scheme for every other region.
 */
public record RegionEndpoints(String defaultRegion, URI defaultEndpoint, Map<String, URI> overrides) {

    public RegionEndpoints {
        overrides = Map.copyOf(overrides);
    }

    /** The endpoint that serves, and whose host signs, the requests for instances of this region. */
    public URI of(String region) {
        URI override = overrides.get(region);
        if (override != null) {
            return override;
        }
        return region.equals(defaultRegion) ? defaultEndpoint : derived(region);
    }

    /** The vendor's endpoint of the TaurusDB (GaussDB for MySQL) API in a region. */
    public static URI derived(String region) {
        return URI.create("https://gaussdb." + region + ".myhuaweicloud.com");
    }
}
