package io.taurusreplicationwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real in-process Kafka broker ({@link EmbeddedKafkaBroker}) for the tests of a class, registered on a static
 * field with {@code @RegisterExtension}: one broker for the whole class ({@link #perClass()}), or a fresh one for each
 * test ({@link #perTest()}) where tests stop, restart or squat on the broker and must not see each other's damage.
 * A class annotated {@link WithSaslListeners} gets a broker with SASL listeners, and their certificates.
 */
public final class KafkaBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean perTest;
    private EmbeddedKafkaBroker broker;
    private SaslListeners sasl;
    private Path certificates;

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

    /** The SASL listeners' user, password and certificates; only for a class annotated {@link WithSaslListeners}. */
    public SaslListeners sasl() {
        if (sasl == null) {
            throw new IllegalStateException("the broker has no SASL listeners: annotate the class @WithSaslListeners");
        }
        return sasl;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            broker = start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            broker = start(context);
        }
    }

    private EmbeddedKafkaBroker start(ExtensionContext context) {
        WithSaslListeners withSasl = context.getRequiredTestClass().getAnnotation(WithSaslListeners.class);
        if (withSasl == null) {
            return EmbeddedKafkaBroker.start();
        }
        try {
            certificates = Files.createTempDirectory("kafka-certificates-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sasl = SaslListeners.create(certificates, withSasl.user(), withSasl.password());
        return EmbeddedKafkaBroker.startWithSasl(sasl);
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
        if (certificates != null) {
            try (Stream<Path> files = Files.walk(certificates)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            certificates = null;
            sasl = null;
        }
    }
}
