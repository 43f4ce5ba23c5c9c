package io.taurusreplicationwatch;

import io.taurusreplicationwatch.config.InvalidSettingException;
import io.taurusreplicationwatch.config.WatchConfiguration;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Starts the service: Camel Main with the properties in {@code config/} and the routes in {@code routes/}, both read
 * from the file system so that an operator can change them without a rebuild.
 */
public final class WatchApplication {

    /** System property naming the properties file(s), comma separated; a Camel resource location. */
    public static final String CONFIG_LOCATION = "watch.config";
    static final String DEFAULT_CONFIG_LOCATION = "file:config/application.properties";

    private WatchApplication() {
    }

    public static void main(String... args) {
        try {
            newMain(System.getProperty(CONFIG_LOCATION, DEFAULT_CONFIG_LOCATION), new WatchConfiguration()).run(args);
        } catch (Exception e) {
            // One line an operator can act on, not a stack trace through Camel's bootstrap.
            LoggerFactory.getLogger(WatchApplication.class).error("Cannot start: {}", startupFailure(e));
            System.exit(1);
        }
    }

    /** The message that explains a start-up failure: a setting's if one is at fault, else the deepest cause's. */
    static String startupFailure(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException) {
                return cause.getMessage();
            }
            deepest = cause;
        }
        if (deepest instanceof NoSuchFileException || deepest instanceof FileNotFoundException) {
            // The JDK's message is the bare path ("routes"), which says neither what is missing nor where it looked.
            return "not found: " + deepest.getMessage() + " (paths are relative to the working directory "
                    + Path.of("").toAbsolutePath() + "; start from the directory holding config/ and routes/, or set"
                    + " -D" + CONFIG_LOCATION + " and camel.main.routes-include-pattern)";
        }
        return deepest.getMessage() == null ? deepest.toString() : deepest.getMessage();
    }

    /** A Camel Main ready to start, reading its properties from {@code configLocations}. */
    public static Main newMain(String configLocations, WatchConfiguration configuration) {
        // No package scan: the one configuration is added here, explicitly, never discovered a second time.
        Main main = new Main();
        main.setPropertyPlaceholderLocations(configLocations);
        main.configure().addConfiguration(configuration);
        return main;
    }
}
