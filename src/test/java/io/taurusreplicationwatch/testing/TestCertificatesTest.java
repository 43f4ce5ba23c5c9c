package io.taurusreplicationwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @TempDir
    Path directory;

    @Test
    void issuedCertificateNamesItsAddressesAndIsSignedByTheAuthorityInTheTrustStore() throws Exception {
        TestCertificates certificates = TestCertificates.authority(directory);
        X509Certificate issued = certificate(certificates.keyStore("server", "ip:127.0.0.1", "dns:localhost"),
                "server", certificates.password());
        X509Certificate authority = certificate(certificates.trustStore("JKS"), "test-ca", certificates.password());

        assertThat(issued.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
                .containsExactlyInAnyOrder("127.0.0.1", "localhost");
        issued.verify(authority.getPublicKey());
        X509Certificate other = certificate(TestCertificates.authority(directory.resolve("other")).trustStore("PKCS12"),
                "test-ca", certificates.password());
        assertThatThrownBy(() -> issued.verify(other.getPublicKey())).isInstanceOf(SignatureException.class);
        assertThat(List.of(authority.getBasicConstraints(), issued.getBasicConstraints())).containsExactly(
                Integer.MAX_VALUE, -1);
    }

    private static X509Certificate certificate(Path store, String alias, String password) throws Exception {
        KeyStore keyStore = KeyStore.getInstance(store.toString().endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password.toCharArray());
        }
        return (X509Certificate) keyStore.getCertificate(alias);
    }
}
