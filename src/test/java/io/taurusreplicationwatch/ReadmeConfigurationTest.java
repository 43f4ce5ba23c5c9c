package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table and {@code config/application.properties} name the same keys and defaults. */
class ReadmeConfigurationTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.\\[\\]-]+)` \\| (?:`([^`]*)`|\\(empty\\)) \\|",
            Pattern.MULTILINE);

    @Test
    void should_document_every_property_with_its_default() throws IOException {
        Map<String, String> file = properties();
        Map<String, String> readme = new LinkedHashMap<>();
        String readmeText = Files.readString(Path.of("README.md"));
        int section = readmeText.indexOf("\n## Configuration");
        assertThat(section).as("README has a Configuration section").isPositive();
        int end = readmeText.indexOf("\n## ", section + 1);
        Matcher row = ROW.matcher(readmeText.substring(section, end < 0 ? readmeText.length() : end));
        while (row.find()) {
            readme.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }

        assertThat(readme).as("README configuration table").containsExactlyInAnyOrderEntriesOf(file);
    }

    @Test
    void should_comment_every_property() throws IOException {
        String previous = "";
        for (String line : Files.readAllLines(Path.of("config/application.properties"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(previous).as("comment above %s", line).startsWith("#");
            }
            previous = line;
        }
    }

    private static Map<String, String> properties() throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("config/application.properties"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] pair = line.split("=", 2);
                properties.put(pair[0].trim(), pair[1].trim());
            }
        }
        return properties;
    }
}
