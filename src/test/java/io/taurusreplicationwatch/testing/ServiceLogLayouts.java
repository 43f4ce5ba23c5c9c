package io.taurusreplicationwatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;

/**
 * The two layouts of the service's own {@code src/main/resources/log4j2.xml} (appenders {@code text} and
 * {@code json}), so that a test sees a log event exactly as an operator's terminal or log collector would.
 */
public final class ServiceLogLayouts {

    private static final Path CONFIG = Path.of("src/main/resources/log4j2.xml");

    private final XmlConfiguration configuration;

    private ServiceLogLayouts() {
        try (InputStream in = Files.newInputStream(CONFIG)) {
            configuration = new XmlConfiguration(new LoggerContext("service-log-layouts"),
                    new ConfigurationSource(in, CONFIG.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        configuration.initialize();
    }

    public static ServiceLogLayouts load() {
        return new ServiceLogLayouts();
    }

    /** The event as the appender of that name writes it. */
    public String render(String appender, LogEvent event) {
        return ((StringLayout) ((AbstractAppender) configuration.getAppender(appender)).getLayout())
                .toSerializable(event);
    }
}
