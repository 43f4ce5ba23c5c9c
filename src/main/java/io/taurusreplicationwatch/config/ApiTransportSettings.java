package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.ApiTimeouts;
import io.taurusreplicationwatch.api.ApiTransport;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The watch.api settings of the HTTP transport, read and checked at start-up: timeouts, trust store and proxy, for
 * http:// and https:// alike. The timeouts were once {@code camel.component.http.*}, which Camel applies to its
 * {@code http} component only, never to {@code https}; an old key still set is refused rather than silently ignored.
 */
public final class ApiTransportSettings {

    // Old key (suffix after camel.component.<http|https>.) -> the setting that replaced it.
    private static final Map<String, Setting> RENAMED = Map.of(
            "connect-timeout", Setting.API_CONNECT_TIMEOUT, "connectTimeout", Setting.API_CONNECT_TIMEOUT,
            "response-timeout", Setting.API_RESPONSE_TIMEOUT, "responseTimeout", Setting.API_RESPONSE_TIMEOUT,
            "so-timeout", Setting.API_SOCKET_TIMEOUT, "soTimeout", Setting.API_SOCKET_TIMEOUT,
            "connection-request-timeout", Setting.API_CONNECTION_REQUEST_TIMEOUT,
            "connectionRequestTimeout", Setting.API_CONNECTION_REQUEST_TIMEOUT);

    private ApiTransportSettings() {
    }

    /** The transport the settings and, for the proxy, the environment describe. */
    public static ApiTransport from(Function<String, Optional<String>> properties, Map<String, String> environment) {
        refuseRenamed(properties, environment);
        ApiTimeouts timeouts = new ApiTimeouts(duration(properties, Setting.API_CONNECT_TIMEOUT),
                duration(properties, Setting.API_RESPONSE_TIMEOUT), duration(properties, Setting.API_SOCKET_TIMEOUT),
                duration(properties, Setting.API_CONNECTION_REQUEST_TIMEOUT));
        return new ApiTransport(timeouts,
                TrustStoreSetting.sslContext(value(properties, Setting.TRUSTSTORE),
                        value(properties, Setting.TRUSTSTORE_PASSWORD), value(properties, Setting.TRUSTSTORE_TYPE)),
                ProxySettings.plan(value(properties, Setting.PROXY), value(properties, Setting.PROXY_USER),
                        value(properties, Setting.PROXY_PASSWORD), environment));
    }

    static void refuseRenamed(Function<String, Optional<String>> properties, Map<String, String> environment) {
        for (String component : new String[] {"http", "https"}) {
            for (Map.Entry<String, Setting> renamed : RENAMED.entrySet()) {
                String key = "camel.component." + component + "." + renamed.getKey();
                String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
                boolean inProperties = properties.apply(key).filter(v -> !v.isBlank()).isPresent();
                if (inProperties || environment.containsKey(variable)) {
                    throw new InvalidSettingException(inProperties ? key : variable, "renamed to "
                            + renamed.getValue().key() + ", which applies to http:// and https:// alike; set that"
                            + " instead (the value may stay: a plain number is milliseconds) and remove this one");
                }
            }
        }
    }

    private static Duration duration(Function<String, Optional<String>> properties, Setting setting) {
        return setting.rule().duration(setting.key(), value(properties, setting), setting.defaultValue());
    }

    private static String value(Function<String, Optional<String>> properties, Setting setting) {
        return properties.apply(setting.key()).map(String::trim).filter(v -> !v.isEmpty())
                .orElse(setting.defaultValue());
    }
}
