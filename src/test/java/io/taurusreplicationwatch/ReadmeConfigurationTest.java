package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the declared table of settings, row for row. On a difference, the expected
 * table is in {@code target/configuration-table.md}, ready to paste.
 */
class ReadmeConfigurationTest {

    private static final String HEADER = "| key | type | default | allowed | secret | meaning |\n|---|---|---|---|---|---|\n";

    @Test
    void should_show_the_declared_table_of_settings() throws IOException {
        String expected = table();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/configuration-table.md"), expected);
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("\n## Configuration");
        assertThat(section).as("README has a Configuration section").isPositive();
        int start = readme.indexOf(HEADER, section);
        assertThat(start).as("README Configuration table header").isPositive();
        int end = readme.indexOf("\n\n", start);

        assertThat(readme.substring(start, end + 1)).as("README configuration table (expected table in"
                + " target/configuration-table.md)").isEqualTo(expected);
    }

    private static String table() {
        StringBuilder table = new StringBuilder(HEADER);
        for (Setting setting : Setting.values()) {
            StringJoiner row = new StringJoiner(" | ", "| ", " |\n");
            row.add("`" + setting.key() + "`");
            row.add(setting.rule().type());
            row.add(setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`");
            row.add(setting.rule().allowed());
            row.add(setting.secret() ? "yes" : "no");
            row.add(setting.doc());
            table.append(row);
        }
        return table.toString();
    }
}
