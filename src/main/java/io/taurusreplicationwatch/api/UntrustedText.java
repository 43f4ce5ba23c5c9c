package io.taurusreplicationwatch.api;

/**
 * Text the API chose (error_msg, error_code, task names, X-Request-Id, body excerpts) made safe for a log line:
 * control characters, line and paragraph separators and invisible format characters (bidi overrides) are written
 * as escapes ({@code \n}, {@code \u001B}), so that such text can neither start a forged log line nor send
 * terminal escape sequences, in the text log and the JSON log alike.
 */
public final class UntrustedText {

    /** The most characters of an API value quoted in a log line or a poll's incomplete reason. */
    static final int QUOTE_LIMIT = 80;

    private UntrustedText() {
    }

    public static String escape(String text) {
        if (text == null || !hasControlCharacters(text)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (isUnsafe(c)) {
                        escaped.append("\\u%04X".formatted(c));
                    } else {
                        escaped.appendCodePoint(c);
                    }
                }
            }
        });
        return escaped.toString();
    }

    /** An API value as it is quoted in a log line: escaped, at most {@value #QUOTE_LIMIT} characters, in quotes. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
        return "'" + escape(shown) + "'";
    }

    public static boolean hasControlCharacters(String text) {
        return text.codePoints().anyMatch(UntrustedText::isUnsafe);
    }

    private static boolean isUnsafe(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
