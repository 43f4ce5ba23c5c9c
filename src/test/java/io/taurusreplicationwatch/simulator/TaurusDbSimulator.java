package io.taurusreplicationwatch.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An in-process HTTP simulator of TaurusDB's "list StarRocks data replications" API, with the gateway's AK/SK and
 * token checks. This class serves HTTP and is what tests script; each concern is a class of its own:
 * {@link GatewayAuth} (authentication), {@link ReplicationListing} (instances, tasks, pages), {@link FaultQueue}
 * (scripted faults), {@link PageHooks} (actions on a page request), {@link RequestLog} and {@link ConcurrencyGauge}
 * (what was asked, and how much at once).
 */
public final class TaurusDbSimulator implements AutoCloseable {

    private static final String ROUTE_NOT_FOUND_CODE = "APIGW.0101";
    private static final String AUTH_FAILED_CODE = "APIGW.0301";
    private static final String JSON_UTF8 = "application/json;charset=UTF-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;

    private final GatewayAuth auth = new GatewayAuth();
    private final ReplicationListing listing = new ReplicationListing();
    private final FaultQueue faults = new FaultQueue();
    private final PageHooks pageHooks = new PageHooks();
    private final RequestLog log = new RequestLog();
    private final ConcurrencyGauge concurrency = new ConcurrencyGauge();

    private TaurusDbSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        InetSocketAddress bound = server.getAddress();
        this.endpoint = URI.create((server instanceof HttpsServer ? "https://" : "http://")
                + bound.getAddress().getHostAddress() + ":" + bound.getPort());
    }

    /** Binds 127.0.0.1 on a free port and serves until {@link #close()}. */
    public static TaurusDbSimulator start() {
        try {
            return serve(HttpServer.create(loopback(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the TaurusDB simulator on 127.0.0.1", e);
        }
    }

    /** As {@link #start()}, over TLS with this context's key: the endpoint is {@code https://127.0.0.1:port}. */
    public static TaurusDbSimulator startHttps(SSLContext tls) {
        try {
            HttpsServer server = HttpsServer.create(loopback(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return serve(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the TaurusDB simulator on 127.0.0.1", e);
        }
    }

    private static InetSocketAddress loopback() throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    }

    private static TaurusDbSimulator serve(HttpServer server) {
        // A cached pool so a delayed answer never starves other pollers; daemon so a forgotten close() cannot hang a JVM.
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread t = new Thread(runnable, "taurusdb-simulator-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newCachedThreadPool(threads);
        server.setExecutor(executor);
        TaurusDbSimulator simulator = new TaurusDbSimulator(server, executor);
        server.createContext("/", simulator::handle);
        server.start();
        return simulator;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123} (https:// when started so), without a trailing slash. */
    public URI endpoint() {
        return endpoint;
    }

    /** Accepts requests signed with this key pair (any number of pairs may be accepted). */
    public TaurusDbSimulator acceptAkSk(String ak, String sk) {
        auth.acceptAkSk(ak, sk);
        return this;
    }

    /** Accepts this static {@code X-Auth-Token}. */
    public TaurusDbSimulator acceptToken(String token) {
        auth.acceptToken(token);
        return this;
    }

    /** Accepts temporary credentials (with their security token) until {@code expiresAt}, as IAM issued them. */
    public TaurusDbSimulator acceptTemporaryAkSk(String ak, String sk, String securityToken, Instant expiresAt) {
        auth.acceptAkSk(ak, sk, securityToken, expiresAt);
        return this;
    }

    /** Accepts an IAM token until {@code expiresAt}. */
    public TaurusDbSimulator acceptToken(String token, Instant expiresAt) {
        auth.acceptToken(token, expiresAt);
        return this;
    }

    /** Refuses a key pair (by its access key) or a token from now on. */
    public TaurusDbSimulator revoke(String akOrToken) {
        auth.revoke(akOrToken);
        return this;
    }

    public TaurusDbSimulator offsetMode(OffsetMode mode) {
        listing.offsetMode(mode);
        return this;
    }

    public TaurusDbSimulator numberStyle(NumberStyle style) {
        listing.numberStyle(style);
        return this;
    }

    /** Adds an instance (or moves an existing one to another project, keeping its tasks). */
    public void addInstance(String projectId, String instanceId) {
        listing.addInstance(projectId, instanceId);
    }

    /** Removes an instance and its tasks; its requests are then answered 400 DBS.200022. */
    public void removeInstance(String instanceId) {
        listing.removeInstance(instanceId);
    }

    /** Adds a task, or replaces the one with the same task_name in place (list order is insertion order). */
    public void putTask(String instanceId, SimulatedTask task) {
        Objects.requireNonNull(task, "task");
        listing.putTasks(instanceId, List.of(task));
    }

    /** Adds or replaces many tasks in one step; a page never sees half of them. */
    public void putTasks(String instanceId, List<SimulatedTask> tasks) {
        listing.putTasks(instanceId, tasks);
    }

    public void removeTask(String instanceId, String taskName) {
        listing.removeTask(instanceId, taskName);
    }

    /** The instance's tasks in list order; empty for an unknown instance. */
    public List<SimulatedTask> tasks(String instanceId) {
        return listing.tasks(instanceId);
    }

    /**
     * Queues a fault for the next matching request(s) of the instance; queued faults are tried in order.
     * Faults are served to authenticated requests only, and before the instance and the parameters are checked,
     * so a fault works for an unknown or removed instance too.
     */
    public void inject(String instanceId, Fault fault) {
        faults.inject(instanceId, fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /**
     * Runs {@code action} once, synchronously on the thread answering the request, when the next authenticated request
     * of this instance with this {@code offset} (absent = 0, compared as sent, in either {@link OffsetMode}) arrives:
     * before any fault is served and before the page's snapshot is taken, so the page already sees what the action
     * changed, while the pages served before it did not. Several actions for one offset all run on that request, in
     * the order given. The action may call this simulator (putTask, removeTask, beforePage...); if it throws, that
     * request is answered 500 {@code SIM.0500}.
     */
    public void beforePage(String instanceId, int offset, Runnable action) {
        pageHooks.add(instanceId, offset, action);
    }

    /**
     * The most requests handled at the same time since {@link #start()} or {@link #resetConcurrency()}. A request
     * counts from its arrival (before authentication) until just before the last bytes of its answer are written,
     * including any fault delay; ending just before rather than after the write means a client that sends its next
     * request only after reading a whole answer can never be counted twice.
     */
    public int maxConcurrentRequests() {
        return concurrency.max();
    }

    /** Restarts {@link #maxConcurrentRequests()} from the number of requests being handled right now. */
    public void resetConcurrency() {
        concurrency.reset();
    }

    /** Requests received, oldest first (the most recent 10,000). */
    public List<RecordedRequest> requests() {
        return log.requests();
    }

    /**
     * The requests counted by {@link #requestCount(String)} (GETs of this instance's route, whatever they were
     * answered), oldest first, among the most recent 10,000 of all instances.
     */
    public List<RecordedRequest> requests(String instanceId) {
        return log.requests(instanceId);
    }

    /** How many requests addressed this instance's route, whatever they were answered. */
    public int requestCount(String instanceId) {
        return log.count(instanceId);
    }

    @Override
    public void close() {
        server.stop(0);
        // Interrupts handlers sleeping in a delay fault, so close() never waits for them.
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        ConcurrencyGauge.Request handling = concurrency.enter();
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            Answer answer = answer(exchange, body);
            log.record(exchange, answer.status());
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    // close() is stopping the simulator: drop the answer, as a dying server would.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            send(exchange, answer, handling);
        } catch (IOException clientWentAway) {
            // A client that timed out and closed its socket: nothing to answer.
        } catch (RuntimeException bug) {
            try {
                send(exchange, Answer.error(500, "SIM.0500", "simulator failure: " + bug), handling);
            } catch (IOException | RuntimeException ignored) {
                // Headers were already sent, nothing more to do.
            }
        } finally {
            handling.leave();
        }
    }

    // The gateway's order: route, authentication, then (simulated) faults, then the service's own checks.
    private Answer answer(HttpExchange exchange, byte[] body) {
        String rawPath = exchange.getRequestURI().getRawPath();
        ApiRoute route = ApiRoute.of(rawPath);
        // The gateway resolves the API (method + path) before authenticating, so an unknown route is 404 even unsigned.
        if (!"GET".equals(exchange.getRequestMethod()) || route == null) {
            return Answer.gatewayError(404, ROUTE_NOT_FOUND_CODE,
                    "The API does not exist or has not been published in the environment");
        }
        log.counted(route.instanceId());

        QueryParameters query = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
        String authFailure = auth.authenticate(exchange.getRequestHeaders(), rawPath, query, body,
                endpoint.getAuthority());
        if (authFailure != null) {
            return Answer.gatewayError(401, AUTH_FAILED_CODE, authFailure);
        }

        Integer offset = query.nonNegative("offset", 0);
        pageHooks.run(route.instanceId(), offset);
        Fault fault = faults.take(route.instanceId(), offset);
        if (fault != null && !fault.passesThrough()) {
            return new Answer(fault.status(), fault.body() == null ? new byte[0] : fault.body().getBytes(StandardCharsets.UTF_8),
                    fault.headers(), fault.delay(), fault.stream());
        }
        Answer page = listing.page(route, query, offset, fault == null ? Duration.ZERO : fault.delay());
        return fault == null || fault.stream() == null ? page : page.streamed(fault.stream());
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, Answer answer, ConcurrencyGauge.Request handling)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Content-Type", JSON_UTF8);
        out.set("X-Request-Id", Answer.requestId());
        answer.headers().forEach(out::set);
        byte[] bytes = answer.body();
        if (answer.stream() != null) {
            exchange.sendResponseHeaders(answer.status(), 0);
            try (OutputStream os = exchange.getResponseBody()) {
                handling.leave();
                answer.stream().write(os, bytes);
            }
            return;
        }
        if (bytes.length == 0) {
            handling.leave(); // the headers complete this answer
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            handling.leave(); // the client cannot have the whole answer before these bytes
            os.write(bytes);
        }
    }
}
