package io.taurusreplicationwatch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP proxy on 127.0.0.1 that opens CONNECT tunnels, as a corporate proxy does for https: it records each
 * CONNECT's target and Proxy-Authorization, and can demand Basic authentication (407) or refuse every tunnel with
 * a status of its choice. Tunnels go to 127.0.0.1 only, whatever host a CONNECT names.
 */
public final class ConnectProxy implements AutoCloseable {

    /** One CONNECT as received: its target ({@code host:port}) and Proxy-Authorization (null when absent). */
    public record Connect(String target, String proxyAuthorization) {
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "connect-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Connect> connects = new CopyOnWriteArrayList<>();
    private volatile String expectedAuthorization;
    private volatile int refusal;

    private ConnectProxy(ServerSocket server) {
        this.server = server;
        threads.execute(this::accept);
    }

    public static ConnectProxy start() throws IOException {
        return new ConnectProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** Answers 407 to a CONNECT without this user and password. */
    public ConnectProxy requireBasic(String user, String password) {
        expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Answers every CONNECT with this status (403, 502, ...) instead of opening the tunnel. */
    public ConnectProxy refuseWith(int status) {
        refusal = status;
        return this;
    }

    /** {@code 127.0.0.1:port}, as watch.api.proxy takes it. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public List<Connect> connects() {
        return List.copyOf(connects);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                String[] requestLine = head.get(0).split(" ");
                String authorization = head.stream().skip(1)
                        .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(null);
                if (!requestLine[0].equals("CONNECT")) {
                    answer(out, 405, "Method Not Allowed", "");
                    return;
                }
                connects.add(new Connect(requestLine[1], authorization));
                if (refusal != 0) {
                    answer(out, refusal, "Refused", "");
                    continue;
                }
                String expected = expectedAuthorization;
                if (expected != null && !expected.equals(authorization)) {
                    answer(out, 407, "Proxy Authentication Required",
                            "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\n");
                    continue;
                }
                tunnel(client, requestLine[1]);
                return;
            }
        } catch (IOException e) {
            // The client or the target went away: the tunnel ends.
        }
    }

    private void tunnel(Socket client, String target) throws IOException {
        int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
        try (Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            threads.execute(() -> copy(client, upstream));
            copy(upstream, client);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // Either side closed.
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }

    private static void answer(OutputStream out, int status, String reason, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\n" + headers + "Content-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request line and headers, up to the empty line; empty when the client closed the connection. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1).strip();
        return matched < 4 || text.isEmpty() ? List.of() : List.of(text.split("\r\n"));
    }
}
