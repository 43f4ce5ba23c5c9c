package io.taurusreplicationwatch.observability;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.spi.MaskingFormatter;

/**
 * Hides the service's credentials in any text Camel is about to log: the configured keys and tokens wherever they
 * appear, the signature of every request, and the values of the headers that authenticate a request in each shape
 * Camel prints headers ({@code Name=value} in exchange dumps, {@code Name: value} in the HTTP activity log,
 * {@code "Name":"value"} in JSON). What is left goes through Camel's own keyword masking.
 */
public final class SecretMask implements MaskingFormatter {

    /** Camel's own mask string, so that a value looks the same whichever masker hid it. */
    public static final String MASK = "xxxxx";

    // Signatures are computed per request, so they cannot be listed in advance like the keys.
    private static final Pattern SIGNATURE = Pattern.compile("(?i)(Signature=)[0-9a-f]+");
    // Up to the first comma: the rest of an Authorization value (SignedHeaders, Signature) is not secret or is
    // masked above, and a comma also ends the entry in Camel's header maps.
    private static final Pattern AUTHENTICATING_HEADER = Pattern.compile(
            "(?i)(\"?\\b(?:Authorization|X-Security-Token|X-Auth-Token)\"?\\s*[=:]\\s*\"?)([^,}\\]\"\\r\\n]+)");

    // Replaced whole when a secret is added, so that format() reads one consistent list without a lock.
    private volatile List<String> secrets;
    private final MaskingFormatter keywords;

    /**
     * @param secrets  values never to show (more can be added with {@link #register})
     * @param keywords Camel's keyword masking ({@code DefaultMaskingFormatter}), applied last
     */
    public SecretMask(Collection<String> secrets, MaskingFormatter keywords) {
        // Longest first, so that a secret that contains another is hidden whole.
        this.secrets = sorted(secrets.stream());
        this.keywords = keywords;
    }

    /** Adds values obtained after start-up (refreshed keys and tokens); from then on they are hidden too. */
    public synchronized void register(Collection<String> added) {
        if (!secrets.containsAll(added.stream().filter(secret -> secret != null && !secret.isBlank()).toList())) {
            secrets = sorted(Stream.concat(secrets.stream(), added.stream()));
        }
    }

    private static List<String> sorted(Stream<String> values) {
        return values.filter(secret -> secret != null && !secret.isBlank()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    @Override
    public String format(String source) {
        if (source == null || source.isEmpty()) {
            return source;
        }
        String masked = source;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        masked = SIGNATURE.matcher(masked).replaceAll("$1" + MASK);
        masked = AUTHENTICATING_HEADER.matcher(masked).replaceAll("$1" + MASK);
        return keywords.format(masked);
    }
}
