package io.taurusreplicationwatch.testing;

import io.taurusreplicationwatch.simulator.TaurusDbSimulator;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh TaurusDB simulator for every test, registered with {@code @RegisterExtension}: it accepts one AK/SK pair
 * and knows one instance before the test starts, and it is closed after the test, with any other simulator the test
 * started through {@link #startAnother(String, String)}.
 */
public final class SimulatorExtension implements BeforeEachCallback, AfterEachCallback {

    private final String accessKey;
    private final String secretKey;
    private final String projectId;
    private final String instanceId;
    private final List<TaurusDbSimulator> started = new ArrayList<>();
    private TaurusDbSimulator simulator;

    /** A simulator that accepts requests signed with this key pair and lists this instance of this project. */
    public SimulatorExtension(String accessKey, String secretKey, String projectId, String instanceId) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.projectId = projectId;
        this.instanceId = instanceId;
    }

    /** This test's simulator; only between the callbacks that start and close it. */
    public TaurusDbSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("the simulator is not started: register this extension with @RegisterExtension");
        }
        return simulator;
    }

    /** Another simulator on its own port, accepting this key pair and knowing no instance; closed after the test. */
    public TaurusDbSimulator startAnother(String accessKey, String secretKey) {
        TaurusDbSimulator another = TaurusDbSimulator.start().acceptAkSk(accessKey, secretKey);
        started.add(another);
        return another;
    }

    /**
     * A simulator over TLS presenting the key in {@code tls}, on its own port, accepting this key pair and knowing
     * this extension's instance; closed after the test.
     */
    public TaurusDbSimulator startHttps(SSLContext tls) {
        TaurusDbSimulator https = TaurusDbSimulator.startHttps(tls).acceptAkSk(accessKey, secretKey);
        started.add(https);
        https.addInstance(projectId, instanceId);
        return https;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator = TaurusDbSimulator.start().acceptAkSk(accessKey, secretKey);
        started.add(simulator);
        simulator.addInstance(projectId, instanceId);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(TaurusDbSimulator::close);
        started.clear();
        simulator = null;
    }
}
