package io.taurusreplicationwatch.config;

/** A setting that stops the service at start-up; the message names the property, the value and the fix. */
public class InvalidSettingException extends IllegalArgumentException {

    private final String property;

    public InvalidSettingException(String property, String message) {
        super(property + ": " + message);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
