package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.NoProxy;
import io.taurusreplicationwatch.api.ProxyPlan;
import io.taurusreplicationwatch.api.ProxyServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which proxy the service's requests take: watch.api.proxy for every request when it is set; otherwise the
 * environment as curl and most tools write it, {@code HTTPS_PROXY} (else {@code https_proxy}) for https:// hosts,
 * {@code HTTP_PROXY} (else {@code http_proxy}) for http:// hosts, and {@code NO_PROXY} (else {@code no_proxy}) for
 * the hosts reached directly. A value that cannot be used stops the service with one line naming it, its password
 * never shown.
 */
final class ProxySettings {

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");
    // Up to the last @ before the path: a password may hold an unescaped @ of its own.
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/]*@");

    private ProxySettings() {
    }

    static ProxyPlan plan(String proxy, String user, String password, Map<String, String> environment) {
        String userKey = Setting.PROXY_USER.key();
        if (!password.isEmpty() && user.isEmpty()) {
            throw new InvalidSettingException(Setting.PROXY_PASSWORD.key(), "is set but " + userKey + " is empty;"
                    + " set the user the password belongs to");
        }
        if (!proxy.isEmpty()) {
            ProxyServer server = configured(proxy, user, password);
            return new ProxyPlan(server, server, NoProxy.none(), null);
        }
        ProxyServer https = fromEnvironment(environment, "HTTPS_PROXY", "https_proxy", user, password);
        ProxyServer http = fromEnvironment(environment, "HTTP_PROXY", "http_proxy", user, password);
        if (https == null && http == null) {
            if (!user.isEmpty()) {
                throw new InvalidSettingException(userKey, "is set, but no proxy is (" + Setting.PROXY.key()
                        + ", HTTPS_PROXY and HTTP_PROXY are empty); set the proxy, or clear the user");
            }
            return ProxyPlan.direct();
        }
        String noProxyVariable = first(environment, "NO_PROXY", "no_proxy");
        return noProxyVariable == null ? new ProxyPlan(https, http, NoProxy.none(), null)
                : new ProxyPlan(https, http, NoProxy.parse(environment.get(noProxyVariable)), noProxyVariable);
    }

    private static ProxyServer configured(String proxy, String user, String password) {
        String key = Setting.PROXY.key();
        Matcher hostPort = HOST_PORT.matcher(proxy);
        if (proxy.contains("@")) {
            throw new InvalidSettingException(key, "carries a user or password; write host:port and set "
                    + Setting.PROXY_USER.key() + " and " + Setting.PROXY_PASSWORD.key());
        }
        if (!hostPort.matches() || !validPort(hostPort.group(2))) {
            throw new InvalidSettingException(key, "'" + proxy + "' is not host:port with a port from 1 to 65535,"
                    + " such as proxy.example.com:3128");
        }
        return new ProxyServer(unbracketed(hostPort.group(1)), Integer.parseInt(hostPort.group(2)),
                user.isEmpty() ? null : user, user.isEmpty() ? null : password, key);
    }

    /** The proxy a variable names, {@code http://[user:password@]host[:port]} or {@code host:port}; null if unset. */
    private static ProxyServer fromEnvironment(Map<String, String> environment, String upper, String lower,
                                               String user, String password) {
        String variable = first(environment, upper, lower);
        if (variable == null) {
            return null;
        }
        String value = environment.get(variable).trim();
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value : "http://" + value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getPort() == 0 || uri.getPort() > 65535 || uri.getPort() < 0 && !value.contains("://")) {
            throw new InvalidSettingException(variable, "'" + USER_INFO.matcher(value).replaceFirst("***@")
                    + "' is not a proxy this service can use; write http://host:port (an HTTP proxy; https:// and"
                    + " socks proxies are not supported), or set " + Setting.PROXY.key());
        }
        String urlUser = null;
        String urlPassword = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            try {
                urlUser = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                urlPassword = parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            } catch (IllegalArgumentException e) {
                // The decoder's message quotes the offending part, which may be the password.
                throw new InvalidSettingException(variable, "the user or password of the proxy URL holds a % that"
                        + " is not followed by two hex digits; percent-encode it as %25");
            }
        }
        boolean configuredUser = !user.isEmpty();
        return new ProxyServer(unbracketed(uri.getHost()), uri.getPort() < 0 ? 80 : uri.getPort(),
                configuredUser ? user : urlUser, configuredUser ? password : urlPassword, variable);
    }

    private static String first(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return null;
    }

    private static boolean validPort(String port) {
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
