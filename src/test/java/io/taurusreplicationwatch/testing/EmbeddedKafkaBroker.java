package io.taurusreplicationwatch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka broker (combined broker + controller, KRaft) running inside the test JVM,
 * listening on 127.0.0.1 only. It can be stopped and restarted on the same ports and data, so
 * tests can simulate an outage of Kafka. With {@link SaslListeners} it also serves SASL_SSL (SCRAM-SHA-512) and
 * SASL_PLAINTEXT (PLAIN) listeners; the broker's own traffic stays on the PLAINTEXT ones.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final long READY_TIMEOUT_MS = 30_000;

    private final int brokerPort;
    private final int controllerPort;
    private final Path logDir;
    private final Optional<SaslListeners> sasl;
    private final int[] saslPorts;
    private final KafkaConfig config;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(int[] ports, Path logDir, Optional<SaslListeners> sasl) {
        this.brokerPort = ports[0];
        this.controllerPort = ports[1];
        this.saslPorts = Arrays.copyOfRange(ports, 2, ports.length);
        this.logDir = logDir;
        this.sasl = sasl;
        this.config = new KafkaConfig(brokerProperties());
    }

    /** Formats fresh storage in a temp dir and starts the broker; returns once it serves clients. */
    public static EmbeddedKafkaBroker start() {
        return start(Optional.empty());
    }

    /** As {@link #start()}, with the SASL listeners too, and the user of {@code sasl} created. */
    public static EmbeddedKafkaBroker startWithSasl(SaslListeners sasl) {
        return start(Optional.of(sasl));
    }

    private static EmbeddedKafkaBroker start(Optional<SaslListeners> sasl) {
        int[] ports = freePorts(sasl.isPresent() ? 5 : 2);
        Path dir;
        try {
            dir = Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(ports, dir, sasl);
        try {
            broker.format();
            broker.launch();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The SASL_SSL listener whose certificate is for 127.0.0.1 (and localhost). */
    public String saslSslBootstrapServers() {
        return saslAddress(0);
    }

    /** A SASL_SSL listener whose certificate names {@link SaslListeners#OTHER_HOST} only. */
    public String misnamedSaslSslBootstrapServers() {
        return saslAddress(1);
    }

    /** The SASL_PLAINTEXT listener, PLAIN mechanism. */
    public String saslPlaintextBootstrapServers() {
        return saslAddress(2);
    }

    private String saslAddress(int listener) {
        if (sasl.isEmpty()) {
            throw new IllegalStateException("this broker has no SASL listeners: start it with startWithSasl");
        }
        return "127.0.0.1:" + saslPorts[listener];
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down completely but keeps its data and ports, so it can be {@link #restart()}ed. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer s = server;
        server = null;
        s.shutdown();
        s.awaitShutdown();
    }

    /** Starts a stopped broker again on the same ports and data; returns once it serves clients. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Embedded Kafka broker is closed");
        }
        if (server != null) {
            throw new IllegalStateException("Embedded Kafka broker is already running");
        }
        // Kafka would fail deep inside startup with a generic KafkaException; say which port and why.
        ensureFree(brokerPort, "broker");
        ensureFree(controllerPort, "controller");
        for (int port : saslPorts) {
            ensureFree(port, "SASL");
        }
        launch();
    }

    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(adminProps())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all().get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topic " + name, e);
        }
    }

    /** String key/value producer settings, durable and idempotent like the application's producer. */
    public Map<String, Object> producerProps() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    /** String key/value consumer settings that read a topic from its beginning. */
    public Map<String, Object> consumerProps(String groupId) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    /** Stops the broker if running and deletes its data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteRecursively(logDir);
        }
    }

    private Properties brokerProperties() {
        String controller = "127.0.0.1:" + controllerPort;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + controller);
        p.put("listeners", "PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controller);
        p.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        sasl.ifPresent(listeners -> addSaslListeners(p, listeners));
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        // One partition instead of 50: the first consumer group otherwise waits for 50 partition leaders.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        // The defaults are sized for a production box; a test JVM on a small machine needs little.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    private void addSaslListeners(Properties p, SaslListeners listeners) {
        String secure = "SECURE://" + saslSslBootstrapServers();
        String misnamed = "MISNAMED://" + misnamedSaslSslBootstrapServers();
        String plain = "SASLPLAIN://" + saslPlaintextBootstrapServers();
        p.put("listeners", p.get("listeners") + "," + secure + "," + misnamed + "," + plain);
        p.put("advertised.listeners", p.get("advertised.listeners") + "," + secure + "," + misnamed + "," + plain);
        p.put("listener.security.protocol.map", p.get("listener.security.protocol.map")
                + ",SECURE:SASL_SSL,MISNAMED:SASL_SSL,SASLPLAIN:SASL_PLAINTEXT");
        String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        Map.of("secure", listeners.keyStore(), "misnamed", listeners.misnamedKeyStore()).forEach((name, store) -> {
            String prefix = "listener.name." + name + ".";
            p.put(prefix + "sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put(prefix + "scram-sha-512.sasl.jaas.config", scram);
            p.put(prefix + "ssl.keystore.location", store.toString());
            p.put(prefix + "ssl.keystore.type", "PKCS12");
            p.put(prefix + "ssl.keystore.password", listeners.storePassword());
            p.put(prefix + "ssl.key.password", listeners.storePassword());
        });
        p.put("listener.name.saslplain.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.saslplain.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required user_" + listeners.user() + "=\"" + listeners.password() + "\";");
    }

    /** Programmatic equivalent of {@code kafka-storage.sh format} (with {@code --add-scram}); the CLI would exit. */
    private void format() {
        try {
            new Formatter()
                    .setScramArguments(sasl.map(listeners -> List.of("SCRAM-SHA-512=[name=" + listeners.user()
                            + ",password=" + listeners.password() + "]")).orElse(List.of()))
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
        }
    }

    private void launch() {
        // KafkaRaftServer is single-use: a restart needs a fresh instance over the same storage.
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
            awaitClientsAccepted();
        } catch (RuntimeException e) {
            // A half-started server holds ports and threads; release them but report the original failure.
            try {
                s.shutdown();
                s.awaitShutdown();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        server = s;
    }

    // startup() returning is not enough: clients must get metadata with this broker in it.
    private void awaitClientsAccepted() {
        try (Admin admin = Admin.create(adminProps())) {
            var nodes = admin.describeCluster().nodes().get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("Embedded Kafka broker reports no live nodes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for embedded Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Embedded Kafka did not accept clients on " + bootstrapServers(), e);
        }
    }

    private Map<String, Object> adminProps() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    }

    // Every socket stays open until all ports are known so the ports differ.
    private static int[] freePorts(int count) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 50, loopback));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a listening socket that accepted nothing cannot lose anything.
                }
            }
        }
    }

    private static void ensureFree(int port, String listener) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw new IllegalStateException("Cannot restart embedded Kafka: " + listener + " port 127.0.0.1:"
                    + port + " was taken by another process while the broker was stopped", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
