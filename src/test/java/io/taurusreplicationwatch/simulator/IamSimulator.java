package io.taurusreplicationwatch.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An in-process HTTP stand-in for IAM's "list projects" ({@code GET /v3/projects?name=}), behind the same gateway
 * authentication as the TaurusDB simulator ({@link GatewayAuth}: the signature, Host included, checked by the
 * vendor's own signer). Projects and scripted error answers are what tests set up; every request is recorded.
 */
public final class IamSimulator implements AutoCloseable {

    private static final String PROJECTS_PATH = "/v3/projects";

    private record Project(String id, String name) {
    }

    private record Scripted(int status, String body) {
    }

    private final HttpServer server;
    private final URI endpoint;
    private final GatewayAuth auth = new GatewayAuth();
    private final List<Project> projects = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private IamSimulator(HttpServer server) {
        this.server = server;
        InetSocketAddress bound = server.getAddress();
        this.endpoint = URI.create("http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort());
    }

    /** Binds 127.0.0.1 on a free port and serves until {@link #close()}. */
    public static IamSimulator start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the IAM simulator on 127.0.0.1", e);
        }
        IamSimulator iam = new IamSimulator(server);
        server.createContext("/", iam::handle);
        server.start();
        return iam;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40124}, without a trailing slash. */
    public URI endpoint() {
        return endpoint;
    }

    public IamSimulator acceptAkSk(String ak, String sk) {
        auth.acceptAkSk(ak, sk);
        return this;
    }

    public IamSimulator acceptToken(String token) {
        auth.acceptToken(token);
        return this;
    }

    /** A project IAM lists, by id and name (a region's own project is named after the region). */
    public IamSimulator addProject(String id, String name) {
        projects.add(new Project(id, name));
        return this;
    }

    /** The next authenticated request is answered with this status and JSON body instead of the projects. */
    public IamSimulator answerNext(int status, String body) {
        scripted.add(new Scripted(status, body));
        return this;
    }

    /** Requests received, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Scripted answer = answer(exchange, body);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, answer.status()));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            exchange.getResponseHeaders().set("X-IAM-Trace-Id", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientWentAway) {
            // nothing to answer
        }
    }

    private Scripted answer(HttpExchange exchange, byte[] body) {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (!"GET".equals(exchange.getRequestMethod()) || !PROJECTS_PATH.equals(rawPath)) {
            return new Scripted(404, "{\"error_msg\":\"The API does not exist\",\"error_code\":\"APIGW.0101\"}");
        }
        QueryParameters query = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
        String authFailure = auth.authenticate(exchange.getRequestHeaders(), rawPath, query, body,
                endpoint.getAuthority());
        if (authFailure != null) {
            return new Scripted(401, "{\"error_msg\":\"" + authFailure + "\",\"error_code\":\"APIGW.0301\"}");
        }
        Scripted next = scripted.poll();
        if (next != null) {
            return next;
        }
        String name = query.first("name");
        List<String> listed = new ArrayList<>();
        for (Project project : projects) {
            if (name == null || project.name().equals(name)) {
                listed.add("{\"id\":\"" + project.id() + "\",\"name\":\"" + project.name() + "\",\"domain_id\":"
                        + "\"d0m41n\",\"enabled\":true,\"is_domain\":false,\"parent_id\":\"d0m41n\"}");
            }
        }
        return new Scripted(200, "{\"projects\":[" + listed.stream().collect(Collectors.joining(","))
                + "],\"links\":{\"self\":\"" + endpoint + PROJECTS_PATH + "\"}}");
    }
}
