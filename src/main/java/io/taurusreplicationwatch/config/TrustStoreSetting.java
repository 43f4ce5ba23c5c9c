package io.taurusreplicationwatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.core5.ssl.SSLContexts;

/**
 * watch.api.truststore read at start-up into the TLS context of every outbound call: a missing file, a wrong
 * password, a file of another format or one without a certificate stops the service with one line naming the
 * setting at fault, instead of every poll failing its handshake later.
 */
final class TrustStoreSetting {

    private TrustStoreSetting() {
    }

    static SSLContext sslContext(String path, String password, String type) {
        if (path.isEmpty()) {
            return SSLContexts.createDefault();
        }
        KeyStore store = load(Path.of(path), password, type.toLowerCase(Locale.ROOT));
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new InvalidSettingException(Setting.TRUSTSTORE.key(), "'" + path + "' cannot be used to trust"
                    + " certificates (" + e.getMessage() + ")");
        }
    }

    private static KeyStore load(Path path, String password, String type) {
        String property = Setting.TRUSTSTORE.key();
        char[] secret = password.isEmpty() ? null : password.toCharArray();
        if (!Files.isRegularFile(path)) {
            throw new InvalidSettingException(property, "'" + path + "' is not a file (relative paths start at "
                    + Path.of("").toAbsolutePath() + "); name a JKS or PKCS12 trust store, or leave it empty for the"
                    + " JVM's default trust");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidSettingException(property, "'" + path + "' cannot be read by this user");
        }
        KeyStore store;
        try {
            if (type.equals("auto")) {
                store = KeyStore.getInstance(path.toFile(), secret);
            } else {
                store = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
                try (InputStream in = Files.newInputStream(path)) {
                    store.load(in, secret);
                }
            }
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password")) {
                throw new InvalidSettingException(Setting.TRUSTSTORE_PASSWORD.key(), (secret == null ? "is empty and"
                        : "is wrong:") + " it does not open " + path + "; set the trust store's password");
            }
            throw notAStore(path, type);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw notAStore(path, type);
        }
        try {
            boolean anyCertificate = Collections.list(store.aliases()).stream().anyMatch(alias -> {
                try {
                    return store.isCertificateEntry(alias) || store.getCertificate(alias) != null;
                } catch (KeyStoreException e) {
                    return false;
                }
            });
            if (!anyCertificate) {
                throw new InvalidSettingException(property, "'" + path + "' holds no certificate"
                        + (secret == null ? " readable without watch.api.truststore-password" : "") + "; import the"
                        + " CA certificate the API's certificate chains to (keytool -importcert)");
            }
        } catch (KeyStoreException e) {
            throw notAStore(path, type);
        }
        return store;
    }

    private static InvalidSettingException notAStore(Path path, String type) {
        return new InvalidSettingException(type.equals("auto") ? Setting.TRUSTSTORE.key()
                : Setting.TRUSTSTORE_TYPE.key(), "'" + path + "' is not a " + (type.equals("auto") ? "JKS or PKCS12"
                : type.toUpperCase(Locale.ROOT)) + " key store; convert it (a PEM certificate is imported with"
                + " keytool -importcert -keystore truststore.p12)" + (type.equals("auto") ? ""
                : " or set " + Setting.TRUSTSTORE_TYPE.key() + " to its format"));
    }
}
