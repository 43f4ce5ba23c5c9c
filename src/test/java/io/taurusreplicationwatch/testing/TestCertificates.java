package io.taurusreplicationwatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for one test, in a directory of its own: it issues server (or client) key stores for
 * the names a test serves under, and the trust store a client needs to trust them. Made with the JDK's own
 * {@code keytool}, so the certificates are what an operator's tooling produces, and nothing leaves the machine.
 */
public final class TestCertificates {

    private static final String PASSWORD = "test-store-password";
    private static final String CA_ALIAS = "test-ca";

    private final Path directory;
    private final Path caStore;
    private final Path caCertificate;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.caStore = directory.resolve("ca.p12");
        this.caCertificate = directory.resolve("ca.crt");
    }

    /** A new authority in {@code directory} (created when missing). */
    public static TestCertificates authority(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates certificates = new TestCertificates(directory);
        keytool("-genkeypair", "-alias", CA_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=taurus-replication-watch test CA", "-ext", "bc:c", "-validity", "3",
                "-keystore", certificates.caStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", CA_ALIAS, "-keystore", certificates.caStore.toString(),
                "-storepass", PASSWORD, "-file", certificates.caCertificate.toString());
        return certificates;
    }

    /**
     * A PKCS12 key store {@code <name>.p12} holding a key and its certificate, signed by this authority, for the
     * given subject alternative names in keytool's syntax ({@code ip:127.0.0.1}, {@code dns:localhost}), with the
     * chain up to the authority.
     */
    public Path keyStore(String name, String... subjectAlternativeNames) {
        Path store = directory.resolve(name + ".p12");
        Path request = directory.resolve(name + ".csr");
        Path certificate = directory.resolve(name + ".crt");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "3", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", CA_ALIAS, "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", certificate.toString(), "-validity", "3",
                "-ext", "SAN=" + String.join(",", subjectAlternativeNames));
        keytool("-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", caCertificate.toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD);
        return store;
    }

    /** A trust store of the given type ({@code PKCS12} or {@code JKS}) holding only this authority. */
    public Path trustStore(String type) {
        Path store = directory.resolve("truststore." + type.toLowerCase(Locale.ROOT));
        if (!Files.exists(store)) {
            keytool("-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", caCertificate.toString(),
                    "-keystore", store.toString(), "-storetype", type, "-storepass", PASSWORD);
        }
        return store;
    }

    /** The password of every store this authority writes, and of their keys. */
    public String password() {
        return PASSWORD;
    }

    /** A TLS context presenting the key of {@code keyStore} and trusting this authority (servers, or mTLS clients). */
    public SSLContext sslContext(Path keyStore) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, "PKCS12"), PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore("PKCS12"), "PKCS12"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context from " + keyStore, e);
        }
    }

    private static KeyStore load(Path path, String type) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
