package io.taurusreplicationwatch;

import io.taurusreplicationwatch.config.WatchConfiguration;
import org.apache.camel.main.Main;

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

    public static void main(String... args) throws Exception {
        newMain(System.getProperty(CONFIG_LOCATION, DEFAULT_CONFIG_LOCATION), new WatchConfiguration()).run(args);
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
