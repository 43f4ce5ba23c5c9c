package io.taurusreplicationwatch.credentials;

import io.taurusreplicationwatch.signing.AkSkCredentials;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The official SDK's credentials file ({@code ~/.huaweicloud/credentials}, or {@code HUAWEICLOUD_SDK_CREDENTIALS_FILE}),
 * read as its {@code ProfileCredentialProvider} reads it: an INI file whose {@code [basic]} section holds {@code ak},
 * {@code sk}, optionally {@code security_token} and {@code project_id}. Lines starting with {@code #} or {@code ;} are
 * comments; keys are case-insensitive.
 */
public record SdkCredentialsFile(AkSkCredentials credentials, Optional<String> projectId) {

    static final String SECTION = "basic";

    /**
     * Parses the file's content.
     *
     * @throws IllegalArgumentException naming what is missing, never a value
     */
    public static SdkCredentialsFile parse(String content) {
        Map<String, String> basic = new HashMap<>();
        String section = "";
        boolean found = false;
        for (String raw : content.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                found |= section.equals(SECTION);
                continue;
            }
            int equals = line.indexOf('=');
            if (equals > 0 && section.equals(SECTION)) {
                String value = line.substring(equals + 1).strip();
                if (!value.isEmpty()) {
                    basic.put(line.substring(0, equals).strip().toLowerCase(Locale.ROOT), value);
                }
            }
        }
        if (!found) {
            throw new IllegalArgumentException("has no [basic] section");
        }
        String ak = basic.get("ak");
        String sk = basic.get("sk");
        if (ak == null || sk == null) {
            throw new IllegalArgumentException("its [basic] section lacks " + (ak == null ? "ak" : "sk")
                    + "; give both ak and sk");
        }
        return new SdkCredentialsFile(new AkSkCredentials(ak, sk, basic.get("security_token")),
                Optional.ofNullable(basic.get("project_id")));
    }
}
