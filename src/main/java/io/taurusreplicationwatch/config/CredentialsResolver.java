package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the credentials once, at start-up, from the first source that has any: the {@code watch.auth.*}
 * properties, then the official SDK's environment variables ({@code HUAWEICLOUD_SDK_*}), then the variables the API
 * page's samples use ({@code CLOUD_SDK_AK}/{@code CLOUD_SDK_SK}). A half-given source is an error, not a fall-through,
 * so that a typo never silently selects other credentials.
 */
public final class CredentialsResolver {

    public static final String ACCESS_KEY = "watch.auth.access-key";
    public static final String SECRET_KEY = "watch.auth.secret-key";
    public static final String SECURITY_TOKEN = "watch.auth.security-token";
    public static final String TOKEN = "watch.auth.token";

    /** The chosen credentials and where they came from, for the start-up log line. */
    public record Resolved(Credentials credentials, String source) {
    }

    private final Function<String, Optional<String>> properties;
    private final Map<String, String> environment;

    public CredentialsResolver(Function<String, Optional<String>> properties, Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    public Resolved resolve() {
        Optional<String> token = property(TOKEN);
        Optional<String> accessKey = property(ACCESS_KEY);
        Optional<String> secretKey = property(SECRET_KEY);
        if (token.isPresent()) {
            if (accessKey.isPresent() || secretKey.isPresent()) {
                throw new InvalidSettingException(TOKEN, "both a token and " + ACCESS_KEY + "/" + SECRET_KEY
                        + " are set; keep one way of authenticating");
            }
            return new Resolved(new TokenCredentials(token.get()), "property " + TOKEN);
        }
        if (accessKey.isPresent() || secretKey.isPresent()) {
            return new Resolved(pair(accessKey, ACCESS_KEY, secretKey, SECRET_KEY, property(SECURITY_TOKEN)),
                    "properties " + ACCESS_KEY + "/" + SECRET_KEY);
        }
        Optional<String> sdkAk = env("HUAWEICLOUD_SDK_AK");
        Optional<String> sdkSk = env("HUAWEICLOUD_SDK_SK");
        if (sdkAk.isPresent() || sdkSk.isPresent()) {
            return new Resolved(pair(sdkAk, "HUAWEICLOUD_SDK_AK", sdkSk, "HUAWEICLOUD_SDK_SK",
                    env("HUAWEICLOUD_SDK_SECURITY_TOKEN").or(() -> property(SECURITY_TOKEN))),
                    "environment HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK");
        }
        Optional<String> sampleAk = env("CLOUD_SDK_AK");
        Optional<String> sampleSk = env("CLOUD_SDK_SK");
        if (sampleAk.isPresent() || sampleSk.isPresent()) {
            return new Resolved(pair(sampleAk, "CLOUD_SDK_AK", sampleSk, "CLOUD_SDK_SK", property(SECURITY_TOKEN)),
                    "environment CLOUD_SDK_AK/CLOUD_SDK_SK");
        }
        throw new InvalidSettingException(ACCESS_KEY, "no credentials found; set " + ACCESS_KEY + " and "
                + SECRET_KEY + " (or the environment variables CLOUD_SDK_AK and CLOUD_SDK_SK, or HUAWEICLOUD_SDK_AK and"
                + " HUAWEICLOUD_SDK_SK), or " + TOKEN);
    }

    private static AkSkCredentials pair(Optional<String> accessKey, String accessKeyName, Optional<String> secretKey,
                                        String secretKeyName, Optional<String> securityToken) {
        if (accessKey.isEmpty()) {
            throw new InvalidSettingException(accessKeyName, "is missing while " + secretKeyName
                    + " is set; give both halves of the key pair");
        }
        if (secretKey.isEmpty()) {
            throw new InvalidSettingException(secretKeyName, "is missing while " + accessKeyName
                    + " is set; give both halves of the key pair");
        }
        return new AkSkCredentials(accessKey.get(), secretKey.get(), securityToken.orElse(null));
    }

    private Optional<String> property(String name) {
        return properties.apply(name).map(String::trim).filter(value -> !value.isEmpty());
    }

    private Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
