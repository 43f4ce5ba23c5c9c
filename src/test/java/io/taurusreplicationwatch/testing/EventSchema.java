package io.taurusreplicationwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The JSON Schema shipped for the event value, loaded from the classpath as consumers would use it. */
public final class EventSchema {

    private static final JsonSchema SCHEMA = load();

    private EventSchema() {
    }

    /** Fails with every violation listed when the value does not match the schema. */
    public static void assertValid(JsonNode value) {
        Set<ValidationMessage> violations = SCHEMA.validate(value);
        if (!violations.isEmpty()) {
            throw new AssertionError("event value violates replication-change-event.schema.json: " + violations
                    + "\n" + value.toPrettyString());
        }
    }

    private static JsonSchema load() {
        try (InputStream schema = EventSchema.class.getResourceAsStream("/schemas/replication-change-event.schema.json")) {
            if (schema == null) {
                throw new IllegalStateException("schemas/replication-change-event.schema.json is not on the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
