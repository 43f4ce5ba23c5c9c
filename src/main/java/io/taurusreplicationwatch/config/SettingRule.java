package io.taurusreplicationwatch.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.util.TimeUtils;

/**
 * What values one setting takes: its type, the values allowed, and the check of a value against them, with the
 * one-line error that names the property, the value, what is allowed and the default.
 */
public record SettingRule(Kind kind, String type, String allowed, long min, long max, List<String> choices) {

    /** How a value is checked; {@code TEXT} values are checked by the parser of their setting, if at all. */
    public enum Kind { TEXT, INTEGER, DURATION, SIZE, CHOICE }

    private static final Pattern DURATION = Pattern.compile("\\d+|(\\d+(ms|s|m|h|d))+");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})(KB|MB)?", Pattern.CASE_INSENSITIVE);

    static SettingRule text(String type, String allowed) {
        return new SettingRule(Kind.TEXT, type, allowed, 0, 0, List.of());
    }

    static SettingRule integer(long min, long max) {
        return new SettingRule(Kind.INTEGER, "integer", min + " to " + max,
                min, max, List.of());
    }

    static SettingRule duration(Duration min) {
        return new SettingRule(Kind.DURATION, "duration", "at least " + printed(min) + " (30s, 5m, 2h, 30d, ...)",
                min.toMillis(), Long.MAX_VALUE, List.of());
    }

    /** Bytes, written as a number of bytes or with KB or MB (1024-based). */
    static SettingRule size(long min, long max) {
        return new SettingRule(Kind.SIZE, "size", (min >> 10) + "KB to " + (max >> 20) + "MB", min, max, List.of());
    }

    static SettingRule oneOf(String... choices) {
        List<String> sorted = List.of(choices).stream().sorted().toList();
        boolean bool = sorted.equals(List.of("false", "true"));
        return new SettingRule(Kind.CHOICE, bool ? "boolean" : "choice", String.join(", ", sorted), 0, 0, sorted);
    }

    static SettingRule bool() {
        return oneOf("true", "false");
    }

    /** Checks a value of a rule that has a check of its own; text is left to the setting's parser. */
    void check(String property, String value, String defaultValue) {
        switch (kind) {
            case INTEGER -> integer(property, value, defaultValue);
            case DURATION -> duration(property, value, defaultValue);
            case SIZE -> bytes(property, value, defaultValue);
            case CHOICE -> choice(property, value, defaultValue);
            case TEXT -> { }
        }
    }

    long integer(String property, String value, String defaultValue) {
        try {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(property, "'" + value + "' is not a whole number from " + min + " to "
                    + max + " (default " + defaultValue + ")");
        }
    }

    Duration duration(String property, String value, String defaultValue) {
        // Camel's parser reads "soon" as an exception and "1w" as zero; only what it reads right gets to it.
        Duration duration = DURATION.matcher(value).matches() ? TimeUtils.toDuration(value) : null;
        if (duration == null || duration.toMillis() < min) {
            throw new InvalidSettingException(property, "'" + value + "' is not a duration of at least "
                    + printed(Duration.ofMillis(min)) + ", such as 30s, 5m, 2h or 30d (default " + defaultValue + ")");
        }
        return duration;
    }

    long bytes(String property, String value, String defaultValue) {
        Matcher size = SIZE.matcher(value);
        long bytes = -1;
        if (size.matches()) {
            String unit = size.group(2) == null ? "" : size.group(2).toUpperCase(Locale.ROOT);
            bytes = Long.parseLong(size.group(1)) << (unit.equals("MB") ? 20 : unit.equals("KB") ? 10 : 0);
        }
        if (bytes < min || bytes > max) {
            throw new InvalidSettingException(property, "'" + value + "' is not a size from " + allowed
                    + ", such as 512KB or 4MB (default " + defaultValue + ")");
        }
        return bytes;
    }

    String choice(String property, String value, String defaultValue) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
            throw new InvalidSettingException(property, "'" + lower + "' is not one of " + allowed + " (default "
                    + defaultValue + ")");
        }
        return lower;
    }

    // Camel prints 100ms as "0s", which made "'0' is not a duration of at least 0s" out of a minimum of 100 ms.
    private static String printed(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + "ms" : TimeUtils.printDuration(duration);
    }
}
