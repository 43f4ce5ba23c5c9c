package io.taurusreplicationwatch.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the metadata service and IAM simulators share: a loopback HTTP server that issues credentials living
 * {@code lifetime}, hands each to the TaurusDB simulator's gateway so that it accepts them until they expire,
 * remembers every secret it issued (so that tests can look for them in logs), counts requests, and can be taken
 * down (503 to everything) and up again.
 */
abstract class CredentialsIssuerServer implements AutoCloseable {

    protected final TaurusDbSimulator gateway;
    private final HttpServer server;
    private final List<String> issuedSecrets = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Duration lifetime;
    private volatile boolean down;

    protected CredentialsIssuerServer(TaurusDbSimulator gateway, Duration lifetime) {
        this.gateway = gateway;
        this.lifetime = lifetime;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a credentials issuer on 127.0.0.1", e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, getClass().getSimpleName());
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::serve);
        server.start();
    }

    /** The base URL, {@code http://127.0.0.1:port}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers 503 to every request while down. */
    public void down(boolean down) {
        this.down = down;
    }

    public void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public int requests() {
        return requests.get();
    }

    /** Credentials issued so far. */
    public int issued() {
        return issued.get();
    }

    /** Every secret issued: secret keys, security tokens, tokens. */
    public List<String> issuedSecrets() {
        return List.copyOf(issuedSecrets);
    }

    protected Instant expiry() {
        issued.incrementAndGet();
        return Instant.now().plus(lifetime);
    }

    protected String secret(String prefix) {
        String secret = prefix + UUID.randomUUID().toString().replace("-", "");
        issuedSecrets.add(secret);
        return secret;
    }

    /** The answer to one request: status, headers, body. */
    protected record Reply(int status, Map<String, String> headers, String body) {
    }

    protected abstract Reply answer(HttpExchange exchange, String body) throws IOException;

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Reply reply = down ? new Reply(503, Map.of(), "{\"error\":\"unavailable\"}") : answer(exchange, body);
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
