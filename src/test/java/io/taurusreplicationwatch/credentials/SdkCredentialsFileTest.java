package io.taurusreplicationwatch.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.signing.AkSkCredentials;
import org.junit.jupiter.api.Test;

/** The official SDK's credentials file as {@link SdkCredentialsFile} reads it. */
class SdkCredentialsFileTest {

    @Test
    void the_basic_section_gives_the_key_pair_token_and_project_whatever_the_other_sections_say() {
        SdkCredentialsFile file = SdkCredentialsFile.parse("""
                # written by hcloud configure
                [global]
                ak = GLOBALAK000000000000
                sk = global-secret

                [basic]
                AK = BASICAK0000000000000
                sk=basic-secret
                ; temporary
                security_token = sts-token
                project_id = 0a1b2c3d4e5f60718293a4b5c6d7e8f9
                """);

        assertThat(file.credentials()).isEqualTo(new AkSkCredentials("BASICAK0000000000000", "basic-secret",
                "sts-token"));
        assertThat(file.projectId()).contains("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
    }

    @Test
    void a_pair_without_token_or_project_has_neither() {
        SdkCredentialsFile file = SdkCredentialsFile.parse("[basic]\r\nak = AK\r\nsk = SK\r\n");

        assertThat(file.credentials().securityToken()).isNull();
        assertThat(file.projectId()).isEmpty();
    }

    @Test
    void a_file_without_a_basic_section_or_with_half_a_pair_is_refused_without_showing_a_value() {
        IllegalArgumentException noSection = catchThrowableOfType(IllegalArgumentException.class,
                () -> SdkCredentialsFile.parse("[global]\nak = AK1\nsk = SK1\n"));
        IllegalArgumentException half = catchThrowableOfType(IllegalArgumentException.class,
                () -> SdkCredentialsFile.parse("[basic]\nak = AK1\nsk =\n"));

        assertThat(noSection).hasMessageContaining("no [basic] section");
        assertThat(half).hasMessageContaining("lacks sk").hasMessageNotContaining("AK1");
    }
}
