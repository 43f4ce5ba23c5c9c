package io.taurusreplicationwatch;

import io.taurusreplicationwatch.config.InvalidSettingException;
import io.taurusreplicationwatch.config.WatchConfiguration;
import io.taurusreplicationwatch.state.StateUnavailableException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.main.Main;
import org.apache.camel.util.SensitiveUtils;
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

    /**
     * The one line that explains a start-up failure: a setting's or the task state's message if one is at fault (they
     * name the property or the file and the fix), the property Camel could not bind, else the deepest cause's.
     */
    static String startupFailure(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException || cause instanceof StateUnavailableException) {
                return oneLine(cause.getMessage());
            }
            if (cause instanceof PropertyBindingException binding) {
                return oneLine(bindingFailure(binding));
            }
            deepest = cause;
        }
        if (deepest instanceof NoSuchFileException || deepest instanceof FileNotFoundException) {
            // The JDK's message is the bare path ("routes"), which says neither what is missing nor where it looked.
            return "not found: " + deepest.getMessage() + " (paths are relative to the working directory "
                    + Path.of("").toAbsolutePath() + "; start from the directory holding config/ and routes/, or set"
                    + " -D" + CONFIG_LOCATION + " and camel.main.routes-include-pattern)";
        }
        return oneLine(deepest.getMessage() == null ? deepest.toString() : deepest.getMessage());
    }

    /**
     * Camel binds its own {@code camel.*} settings before the service reads any, and its refusal names the bean, not
     * the property: "Cannot convert the String value: yes to type: boolean".
     */
    private static String bindingFailure(PropertyBindingException binding) {
        String prefix = binding.getOptionPrefix() == null ? "" : binding.getOptionPrefix();
        String key = binding.getOptionKey() != null ? binding.getOptionKey() : binding.getPropertyName();
        String property = prefix.isEmpty() || prefix.endsWith(".") ? prefix + key : prefix + "." + key;
        String value = SensitiveUtils.containsSensitive(property) ? "xxxxxx" : String.valueOf(binding.getValue());
        Throwable reason = binding.getCause() == null ? binding : binding.getCause();
        while (reason.getCause() != null) {
            reason = reason.getCause();
        }
        return property + ": '" + value + "' is not accepted (" + reason.getMessage() + "); see the README's"
                + " configuration table for what it takes";
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
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
