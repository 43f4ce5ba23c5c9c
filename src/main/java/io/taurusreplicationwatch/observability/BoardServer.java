package io.taurusreplicationwatch.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.taurusreplicationwatch.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the status board on a listener of its own: the page and its script and style sheet from the jar
 * ({@code board/}), and the JSON API under {@code /api/}. Not on Camel's management server, which binds every
 * address for probes and Prometheus and has no authentication: the board shows task and database names, so it
 * listens on a loopback address unless basic auth is on ({@link BoardSettings}). One thread answers: a page polls
 * once a second, and a slow reader must not take threads from the pollers.
 */
public class BoardServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BoardServer.class);
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/board.js", "board.js",
            "/board.css", "board.css");
    private static final Map<String, Function<BoardState, Object>> API = Map.of(
            "/api/status", state -> state,
            "/api/instances", BoardState::instances,
            "/api/tasks", BoardState::tasks,
            "/api/events", BoardState::events);
    // Everything the page loads is its own: no inline script, no other origin.
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final int GZIP_ABOVE = 1024;

    private final BoardSettings settings;
    private final StatusBoard board;
    private HttpServer server;
    private ExecutorService executor;
    // Read and written by the board's one thread only.
    private boolean failing;

    public BoardServer(BoardSettings settings, StatusBoard board) {
        this.settings = settings;
        this.board = board;
    }

    /** Where the board listens once started (the port chosen when the setting is 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    protected void doStart() throws IOException {
        server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
        var context = server.createContext("/", this::handle);
        settings.username().ifPresent(user -> context.setAuthenticator(new BoardCredentials(user,
                settings.password())));
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "status-board");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("Status board at http://{}:{}/ ({})", address().getHostString(), address().getPort(),
                settings.authenticated() ? "basic auth as " + settings.username().get() : "this machine only");
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8",
                        "Only GET and HEAD.\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Function<BoardState, Object> api = API.get(path);
            if (api != null) {
                byte[] body = json(api);
                if (body == null) {
                    send(exchange, 500, "text/plain; charset=utf-8",
                            "The service's state cannot be read now; see its log.\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, "application/json", body);
                }
                return;
            }
            String asset = ASSETS.get(path);
            if (asset == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found.\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, contentType(asset), asset(asset));
        }
    }

    /**
     * The JSON answer, or {@code null} when the state cannot be read. An open page asks every second: a failure is
     * logged once until an answer succeeds again, not once a second.
     */
    private byte[] json(Function<BoardState, Object> api) {
        try {
            byte[] body = Json.mapper().writeValueAsBytes(api.apply(board.snapshot()));
            failing = false;
            return body;
        } catch (RuntimeException | IOException e) {
            if (!failing) {
                failing = true;
                LOG.warn("The status board cannot show the service's state: {}", e.toString());
            }
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        // A fleet's tasks make megabytes of JSON a second per open page; rows of the same field names compress well.
        String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (body.length > GZIP_ABOVE && accepted != null && accepted.contains("gzip")) {
            body = gzipped(body);
            headers.set("Content-Encoding", "gzip");
        }
        headers.set("Vary", "Accept-Encoding");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] gzipped(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }

    private static String contentType(String asset) {
        if (asset.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return asset.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    }

    private static byte[] asset(String name) {
        try (InputStream in = BoardServer.class.getResourceAsStream("/board/" + name)) {
            if (in == null) {
                throw new IllegalStateException("board/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
