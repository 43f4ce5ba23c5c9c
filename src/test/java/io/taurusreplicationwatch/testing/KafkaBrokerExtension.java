package io.taurusreplicationwatch.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real in-process Kafka broker ({@link EmbeddedKafkaBroker}) for the tests of a class, registered on a static
 * field with {@code @RegisterExtension}: one broker for the whole class ({@link #perClass()}), or a fresh one for each
 * test ({@link #perTest()}) where tests stop, restart or squat on the broker and must not see each other's damage.
 */
public final class KafkaBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean perTest;
    private EmbeddedKafkaBroker broker;

    private KafkaBrokerExtension(boolean perTest) {
        this.perTest = perTest;
    }

    /** One broker, started before the class's first test and closed after its last. */
    public static KafkaBrokerExtension perClass() {
        return new KafkaBrokerExtension(false);
    }

    /** A new broker for every test, closed after it. */
    public static KafkaBrokerExtension perTest() {
        return new KafkaBrokerExtension(true);
    }

    /** The running broker; only between the callbacks that start and close it. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker is not started: register this extension on a static field");
        }
        return broker;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            broker = EmbeddedKafkaBroker.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            broker = EmbeddedKafkaBroker.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            close();
        }
    }

    private void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
