package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.credentials.CredentialsProvider;
import io.taurusreplicationwatch.credentials.CredentialsSource;
import io.taurusreplicationwatch.credentials.FileCredentials;
import io.taurusreplicationwatch.credentials.FixedCredentials;
import io.taurusreplicationwatch.credentials.IamTokenSource;
import io.taurusreplicationwatch.credentials.MetadataCredentialsSource;
import io.taurusreplicationwatch.credentials.RefreshRule;
import io.taurusreplicationwatch.credentials.RefreshingCredentials;
import io.taurusreplicationwatch.credentials.SdkCredentialsFile;
import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.HttpClient;

/**
 * Chooses where the credentials come from, by {@code watch.auth.source}. {@code auto} takes the first source that
 * has any: an agency or an IAM user or a token file when their settings name one; else the {@code watch.auth.*}
 * properties, the official SDK's environment variables ({@code HUAWEICLOUD_SDK_*}), the variables the API page's
 * samples use ({@code CLOUD_SDK_AK}/{@code CLOUD_SDK_SK}), and the SDK's credentials file if it exists. The metadata
 * service is asked only when chosen: off Huawei Cloud its link-local address would cost a timeout, or answer for
 * another cloud. A half-given source is an error, not a fall-through, so that a typo never silently selects other
 * credentials. Every secret read is handed to {@code secretsObtained} before it is used.
 */
public final class CredentialsResolver {

    public static final String ACCESS_KEY = Setting.ACCESS_KEY.key();
    public static final String SECRET_KEY = Setting.SECRET_KEY.key();
    public static final String SECURITY_TOKEN = Setting.SECURITY_TOKEN.key();
    public static final String TOKEN = Setting.TOKEN.key();
    public static final String SOURCE = Setting.AUTH_SOURCE.key();
    static final String CREDENTIALS_FILE_ENV = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

    /** What a running source needs: the clock, where new secrets go, and the HTTP clients, built when first asked. */
    public record Runtime(Clock clock, Consumer<Collection<String>> secretsObtained, Supplier<HttpClient> iamClient,
                          Supplier<HttpClient> metadataClient) {
    }

    private final Function<String, Optional<String>> properties;
    private final Map<String, String> environment;
    private final Path home;
    private final Runtime runtime;

    public CredentialsResolver(Function<String, Optional<String>> properties, Map<String, String> environment,
                               Path home, Runtime runtime) {
        this.properties = properties;
        this.environment = environment;
        this.home = home;
        this.runtime = runtime;
    }

    /** The chosen source; {@code iamEndpoint} is the validated watch.iam.endpoint, which the IAM sources ask. */
    public CredentialsProvider resolve(URI iamEndpoint) {
        String source = Setting.AUTH_SOURCE.rule().choice(SOURCE, property(SOURCE).orElse("auto"), "auto");
        return switch (source) {
            case "properties" -> properties().orElseThrow(() -> new InvalidSettingException(ACCESS_KEY,
                    "is not set while " + SOURCE + "=properties; set " + ACCESS_KEY + " and " + SECRET_KEY + ", or "
                    + TOKEN));
            case "environment" -> environmentVariables().orElseThrow(() -> new InvalidSettingException(SOURCE,
                    "'environment' but neither HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK nor CLOUD_SDK_AK/CLOUD_SDK_SK is"
                    + " set; set them, or choose another source"));
            case "file" -> credentialsFile(true).orElseThrow();
            case "metadata" -> metadata();
            case "iam-password" -> iamPassword(iamEndpoint);
            case "iam-agency" -> iamAgency(iamEndpoint);
            case "token-file" -> tokenFile();
            default -> auto(iamEndpoint);
        };
    }

    /** The project the credentials file names, the default project when neither setting nor environment names one. */
    public Optional<String> credentialsFileProject() {
        Path file = credentialsFilePath();
        try {
            return Files.isRegularFile(file) ? SdkCredentialsFile.parse(Files.readString(file)).projectId()
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException unreadable) {
            // Reported by resolve(), with the setting to fix.
            return Optional.empty();
        }
    }

    private CredentialsProvider auto(URI iamEndpoint) {
        if (property(Setting.IAM_AGENCY.key()).isPresent()) {
            return iamAgency(iamEndpoint);
        }
        if (property(Setting.IAM_USER.key()).isPresent()) {
            return iamPassword(iamEndpoint);
        }
        if (property(Setting.TOKEN_FILE.key()).isPresent()) {
            return tokenFile();
        }
        return keyPair().orElseThrow(() -> new InvalidSettingException(ACCESS_KEY, "no credentials found; set "
                + ACCESS_KEY + " and " + SECRET_KEY + " (or the environment variables CLOUD_SDK_AK and CLOUD_SDK_SK,"
                + " or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or the credentials file " + credentialsFilePath()
                + "), or " + TOKEN + ", or " + SOURCE + " (metadata on ECS/CCE)"));
    }

    /** The sources that hold a key pair (or a static token) as they are: properties, environment, credentials file. */
    private Optional<CredentialsProvider> keyPair() {
        return properties().or(this::environmentVariables).or(() -> credentialsFile(false));
    }

    private Optional<CredentialsProvider> properties() {
        Optional<String> token = property(TOKEN);
        Optional<String> accessKey = property(ACCESS_KEY);
        Optional<String> secretKey = property(SECRET_KEY);
        if (token.isPresent()) {
            if (accessKey.isPresent() || secretKey.isPresent()) {
                throw new InvalidSettingException(TOKEN, "both a token and " + ACCESS_KEY + "/" + SECRET_KEY
                        + " are set; keep one way of authenticating");
            }
            return Optional.of(fixed(new TokenCredentials(token.get()), "property " + TOKEN));
        }
        if (accessKey.isPresent() || secretKey.isPresent()) {
            return Optional.of(fixed(pair(accessKey, ACCESS_KEY, secretKey, SECRET_KEY, property(SECURITY_TOKEN)),
                    "properties " + ACCESS_KEY + "/" + SECRET_KEY));
        }
        return Optional.empty();
    }

    private Optional<CredentialsProvider> environmentVariables() {
        Optional<String> sdkAk = env("HUAWEICLOUD_SDK_AK");
        Optional<String> sdkSk = env("HUAWEICLOUD_SDK_SK");
        if (sdkAk.isPresent() || sdkSk.isPresent()) {
            return Optional.of(fixed(pair(sdkAk, "HUAWEICLOUD_SDK_AK", sdkSk, "HUAWEICLOUD_SDK_SK",
                    env("HUAWEICLOUD_SDK_SECURITY_TOKEN").or(() -> property(SECURITY_TOKEN))),
                    "environment HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK"));
        }
        Optional<String> sampleAk = env("CLOUD_SDK_AK");
        Optional<String> sampleSk = env("CLOUD_SDK_SK");
        if (sampleAk.isPresent() || sampleSk.isPresent()) {
            return Optional.of(fixed(pair(sampleAk, "CLOUD_SDK_AK", sampleSk, "CLOUD_SDK_SK", property(SECURITY_TOKEN)),
                    "environment CLOUD_SDK_AK/CLOUD_SDK_SK"));
        }
        return Optional.empty();
    }

    private Optional<CredentialsProvider> credentialsFile(boolean required) {
        Path file = credentialsFilePath();
        if (!required && !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(FileCredentials.sdkFile(file, runtime.secretsObtained()));
        } catch (IOException | RuntimeException e) {
            throw new InvalidSettingException(Setting.CREDENTIALS_FILE.key(), "cannot use the credentials file "
                    + file + " (" + describe(e) + "); give it a [basic] section with ak and sk, or set "
                    + Setting.CREDENTIALS_FILE.key() + " or " + CREDENTIALS_FILE_ENV);
        }
    }

    private CredentialsProvider tokenFile() {
        String name = required(Setting.TOKEN_FILE, "the file that holds the IAM token");
        try {
            return FileCredentials.tokenFile(Path.of(name), runtime.secretsObtained());
        } catch (IOException | RuntimeException e) {
            throw new InvalidSettingException(Setting.TOKEN_FILE.key(), "cannot read the token file " + name + " ("
                    + describe(e) + "); mount the token there, or set another path");
        }
    }

    private CredentialsProvider metadata() {
        URI endpoint = url(Setting.METADATA_ENDPOINT, property(Setting.METADATA_ENDPOINT.key())
                .orElse(Setting.METADATA_ENDPOINT.defaultValue()));
        return refreshing(new MetadataCredentialsSource(endpoint, runtime.metadataClient().get(), runtime.clock(),
                runtime.secretsObtained()));
    }

    private CredentialsProvider iamPassword(URI iamEndpoint) {
        String domain = required(Setting.IAM_DOMAIN, "the account (domain) name of the IAM user");
        String user = required(Setting.IAM_USER, "the IAM user whose tokens the service uses");
        String password = required(Setting.IAM_PASSWORD, "the password of " + Setting.IAM_USER.key());
        runtime.secretsObtained().accept(List.of(password));
        return refreshing(IamTokenSource.password(iamEndpoint, runtime.iamClient(), runtime.clock(), domain,
                user, password));
    }

    private CredentialsProvider iamAgency(URI iamEndpoint) {
        String domain = required(Setting.IAM_DOMAIN, "the account (domain) name that created the agency");
        String agency = required(Setting.IAM_AGENCY, "the agency to assume");
        CredentialsProvider signer = keyPair().orElseThrow(() -> new InvalidSettingException(Setting.IAM_AGENCY.key(),
                "needs credentials to assume the agency with; set " + ACCESS_KEY + " and " + SECRET_KEY + ", the"
                + " HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK environment variables or the credentials file"));
        return refreshing(IamTokenSource.agency(iamEndpoint, runtime.iamClient(), runtime.clock(), domain,
                agency, signer));
    }

    private CredentialsProvider refreshing(CredentialsSource source) {
        return new RefreshingCredentials(source, RefreshRule.DEFAULT, runtime.clock(), runtime.secretsObtained());
    }

    private static URI url(Setting setting, String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidSettingException(setting.key(), "'" + value.replaceAll("//[^/@]*@", "//***@")
                + "' is not an http(s) URL such as " + setting.defaultValue() + "; set it to one");
    }

    private Path credentialsFilePath() {
        return property(Setting.CREDENTIALS_FILE.key()).or(() -> env(CREDENTIALS_FILE_ENV)).map(Path::of)
                .orElse(home.resolve(".huaweicloud").resolve("credentials"));
    }

    private FixedCredentials fixed(Credentials credentials, String source) {
        runtime.secretsObtained().accept(credentials.secrets());
        return new FixedCredentials(credentials, source);
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

    private String required(Setting setting, String what) {
        return property(setting.key()).orElseThrow(() -> new InvalidSettingException(setting.key(), "is not set;"
                + " set it to " + what + " (" + SOURCE + " " + property(SOURCE).orElse("auto") + ")"));
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private Optional<String> property(String name) {
        return properties.apply(name).map(String::trim).filter(value -> !value.isEmpty());
    }

    private Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
