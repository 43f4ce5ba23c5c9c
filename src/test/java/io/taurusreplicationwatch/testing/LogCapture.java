package io.taurusreplicationwatch.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Records every log line (message and stack trace) of the whole JVM while it is open, at the given level and above. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Level previousRootLevel;

    private LogCapture(Level level) {
        super("capture", null, null, true, Property.EMPTY_ARRAY);
        Configuration configuration = context.getConfiguration();
        LoggerConfig root = configuration.getRootLogger();
        previousRootLevel = root.getLevel();
        start();
        root.addAppender(this, level, null);
        root.setLevel(level);
        configuration.getLoggers().values().forEach(logger -> {
            if (logger != root) {
                logger.addAppender(this, level, null);
            }
        });
        context.updateLoggers();
    }

    public static LogCapture start(Level level) {
        return new LogCapture(level);
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        for (Throwable thrown = event.getThrown(); thrown != null; thrown = thrown.getCause()) {
            line.append(" | ").append(thrown);
        }
        lines.add(line.toString());
        events.add(event.toImmutable());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The events themselves, for a test that renders them with a layout of its own choosing. */
    public List<LogEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        configuration.getLoggers().values().forEach(logger -> logger.removeAppender(getName()));
        configuration.getRootLogger().setLevel(previousRootLevel);
        context.updateLoggers();
        stop();
    }
}
