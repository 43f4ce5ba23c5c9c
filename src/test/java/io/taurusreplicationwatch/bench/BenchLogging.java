package io.taurusreplicationwatch.bench;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Sends the service's log, at its usual levels, to a file instead of the console: it writes one INFO line per
 * instance poll, which would bury the table, but its cost belongs in the figures, so it is kept, not silenced.
 */
final class BenchLogging {

    static final String FILE = "target/bench-service.log";

    private BenchLogging() {
    }

    static void toFile() {
        ConfigurationBuilder<BuiltConfiguration> config = ConfigurationBuilderFactory.newConfigurationBuilder();
        config.add(config.newAppender("file", "File")
                .addAttribute("fileName", FILE)
                .addAttribute("append", false)
                .add(config.newLayout("PatternLayout")
                        .addAttribute("pattern", "%d{HH:mm:ss.SSS} %-5level [%t] %c{1.} - %msg%n")));
        // The levels of src/test/resources/log4j2-test.xml, which the tests and the demo run with.
        for (String quiet : new String[] {"org.apache.kafka", "kafka", "org.apache.zookeeper", "state.change.logger"}) {
            config.add(config.newLogger(quiet, Level.WARN));
        }
        config.add(config.newRootLogger(Level.INFO).add(config.newAppenderRef("file")));
        Configurator.reconfigure(config.build());
    }
}
