package io.taurusreplicationwatch.signing;

import java.util.List;
import java.util.Map;

/**
 * What a signature covers: method, authority ({@code host[:port]}), raw path, decoded query parameters in the order
 * they are sent, the headers to sign (without {@code host}) and the body.
 */
public record SignableRequest(String method, String authority, String path, Map<String, List<String>> queryParameters,
                              Map<String, String> headers, byte[] body) {

    public SignableRequest {
        queryParameters = Map.copyOf(queryParameters);
        body = body == null ? new byte[0] : body;
    }
}
