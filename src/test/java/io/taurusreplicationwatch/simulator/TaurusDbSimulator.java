package io.taurusreplicationwatch.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An in-process HTTP simulator of TaurusDB's "list StarRocks data replications" API, with the gateway's AK/SK and token checks. */
public final class TaurusDbSimulator implements AutoCloseable {

    static final String ROUTE_NOT_FOUND_CODE = "APIGW.0101";
    static final String AUTH_FAILED_CODE = "APIGW.0301";
    static final String INSTANCE_NOT_FOUND_CODE = "DBS.200022";
    static final String INVALID_PARAMETER_CODE = "DBS.280001";
    static final String SIGNATURE_FAILED_MSG = "Incorrect IAM authentication information: verify aksk signature fail";

    private static final Pattern ROUTE =
            Pattern.compile("^/v3/([^/]+)/instances/([^/]+)/starrocks/databases/replication/?$");
    private static final String ALGORITHM = "SDK-HMAC-SHA256";
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US);
    // The gateway's tolerance for X-Sdk-Date; beyond it a correctly signed request is refused as a replay.
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 1000;
    // Bounds memory in long demo runs; requestCount() keeps exact totals regardless.
    private static final int MAX_RECORDED_REQUESTS = 10_000;
    private static final String JSON_UTF8 = "application/json;charset=UTF-8";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;

    private final Map<String, String> secretKeysByAccessKey = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private volatile OffsetMode offsetMode = OffsetMode.RECORDS;
    private volatile NumberStyle numberStyle = NumberStyle.NUMBERS;

    private final Map<String, InstanceState> instances = new ConcurrentHashMap<>();
    private final Map<String, Deque<PendingFault>> faults = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();
    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final Map<String, List<PageHook>> pageHooks = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private TaurusDbSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        InetSocketAddress bound = server.getAddress();
        this.endpoint = URI.create("http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort());
    }

    /** Binds 127.0.0.1 on a free port and serves until {@link #close()}. */
    public static TaurusDbSimulator start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the TaurusDB simulator on 127.0.0.1", e);
        }
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

    /** The base URL, e.g. {@code http://127.0.0.1:40123}, without a trailing slash. */
    public URI endpoint() {
        return endpoint;
    }

    /** Accepts requests signed with this key pair (any number of pairs may be accepted). */
    public TaurusDbSimulator acceptAkSk(String ak, String sk) {
        if (ak == null || ak.isEmpty() || sk == null || sk.isEmpty()) {
            throw new IllegalArgumentException("ak and sk must not be empty");
        }
        secretKeysByAccessKey.put(ak, sk);
        return this;
    }

    /** Accepts this static {@code X-Auth-Token}. */
    public TaurusDbSimulator acceptToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        tokens.add(token);
        return this;
    }

    public TaurusDbSimulator offsetMode(OffsetMode mode) {
        this.offsetMode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    public TaurusDbSimulator numberStyle(NumberStyle style) {
        this.numberStyle = java.util.Objects.requireNonNull(style, "style");
        return this;
    }

    /** Adds an instance (or moves an existing one to another project, keeping its tasks). */
    public void addInstance(String projectId, String instanceId) {
        java.util.Objects.requireNonNull(projectId, "projectId");
        java.util.Objects.requireNonNull(instanceId, "instanceId");
        instances.compute(instanceId, (id, existing) -> {
            if (existing == null) {
                return new InstanceState(projectId);
            }
            existing.projectId = projectId;
            return existing;
        });
    }

    /** Removes an instance and its tasks; its requests are then answered 400 DBS.200022. */
    public void removeInstance(String instanceId) {
        instances.remove(instanceId);
    }

    /** Adds a task, or replaces the one with the same task_name in place (list order is insertion order). */
    public void putTask(String instanceId, SimulatedTask task) {
        java.util.Objects.requireNonNull(task, "task");
        instance(instanceId).put(List.of(task));
    }

    /** Adds or replaces many tasks in one step; a page never sees half of them. */
    public void putTasks(String instanceId, List<SimulatedTask> tasks) {
        instance(instanceId).put(List.copyOf(tasks));
    }

    public void removeTask(String instanceId, String taskName) {
        instance(instanceId).remove(taskName);
    }

    /** The instance's tasks in list order; empty for an unknown instance. */
    public List<SimulatedTask> tasks(String instanceId) {
        InstanceState state = instances.get(instanceId);
        return state == null ? List.of() : state.snapshot();
    }

    /**
     * Queues a fault for the next matching request(s) of the instance; queued faults are tried in order.
     * Faults are served to authenticated requests only, and before the instance and the parameters are checked,
     * so a fault works for an unknown or removed instance too.
     */
    public void inject(String instanceId, Fault fault) {
        java.util.Objects.requireNonNull(fault, "fault");
        Deque<PendingFault> queue = faults.computeIfAbsent(instanceId, id -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addLast(new PendingFault(fault, new AtomicInteger(fault.times())));
        }
    }

    public void clearFaults() {
        faults.values().forEach(queue -> {
            synchronized (queue) {
                queue.clear();
            }
        });
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
        java.util.Objects.requireNonNull(instanceId, "instanceId");
        java.util.Objects.requireNonNull(action, "action");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        List<PageHook> hooks = pageHooks.computeIfAbsent(instanceId, id -> new ArrayList<>());
        synchronized (hooks) {
            hooks.add(new PageHook(offset, action));
        }
    }

    /**
     * The most requests handled at the same time since {@link #start()} or {@link #resetConcurrency()}. A request
     * counts from its arrival (before authentication) until just before the last bytes of its answer are written,
     * including any fault delay; ending just before rather than after the write means a client that sends its next
     * request only after reading a whole answer can never be counted twice.
     */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** Restarts {@link #maxConcurrentRequests()} from the number of requests being handled right now. */
    public void resetConcurrency() {
        maxInFlight.set(inFlight.get());
    }

    /** Requests received, oldest first (the most recent 10,000). */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /**
     * The requests counted by {@link #requestCount(String)} (GETs of this instance's route, whatever they were
     * answered), oldest first, among the most recent 10,000 of all instances.
     */
    public List<RecordedRequest> requests(String instanceId) {
        java.util.Objects.requireNonNull(instanceId, "instanceId");
        return requests().stream()
                .filter(r -> "GET".equals(r.method()) && instanceId.equals(routedInstance(r.path())))
                .toList();
    }

    /** How many requests addressed this instance's route, whatever they were answered. */
    public int requestCount(String instanceId) {
        LongAdder count = requestCounts.get(instanceId);
        return count == null ? 0 : count.intValue();
    }

    @Override
    public void close() {
        server.stop(0);
        // Interrupts handlers sleeping in a delay fault, so close() never waits for them.
        executor.shutdownNow();
    }

    private InstanceState instance(String instanceId) {
        InstanceState state = instances.get(instanceId);
        if (state == null) {
            throw new IllegalArgumentException("unknown instance " + instanceId + ": call addInstance first");
        }
        return state;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP handling

    private void handle(HttpExchange exchange) {
        InFlight handling = new InFlight();
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            Answer answer = answer(exchange, body);
            record(exchange, answer.status);
            if (!answer.delay.isZero()) {
                try {
                    Thread.sleep(answer.delay.toMillis());
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
                send(exchange, Answer.json(500, errorBody("SIM.0500", "simulator failure: " + bug)), handling);
            } catch (IOException | RuntimeException ignored) {
                // Headers were already sent, nothing more to do.
            }
        } finally {
            handling.leave();
        }
    }

    private Answer answer(HttpExchange exchange, byte[] body) {
        String rawPath = exchange.getRequestURI().getRawPath();
        Matcher route = ROUTE.matcher(rawPath == null ? "" : rawPath);
        // The gateway resolves the API (method + path) before authenticating, so an unknown route is 404 even unsigned.
        if (!"GET".equals(exchange.getRequestMethod()) || !route.matches()) {
            return Answer.json(404, gatewayError(ROUTE_NOT_FOUND_CODE,
                    "The API does not exist or has not been published in the environment"));
        }
        String projectId = route.group(1);
        String instanceId = route.group(2);
        requestCounts.computeIfAbsent(instanceId, id -> new LongAdder()).increment();

        Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
        String authFailure = authenticate(exchange, rawPath, query, body);
        if (authFailure != null) {
            return Answer.json(401, gatewayError(AUTH_FAILED_CODE, authFailure));
        }

        String offsetParam = first(query, "offset");
        Integer offsetForFaults = offsetParam == null ? Integer.valueOf(0) : parseNonNegative(offsetParam);
        runPageHooks(instanceId, offsetForFaults);
        Fault fault = takeFault(instanceId, offsetForFaults);
        if (fault != null && !fault.passesThrough()) {
            return new Answer(fault.status(), fault.body() == null ? new byte[0] : fault.body().getBytes(StandardCharsets.UTF_8),
                    fault.headers(), fault.delay(), fault.stream());
        }
        Answer page = answerPage(instanceId, projectId, query, offsetForFaults,
                fault == null ? Duration.ZERO : fault.delay());
        return fault == null || fault.stream() == null ? page : page.streamed(fault.stream());
    }

    private Answer answerPage(String instanceId, String projectId, Map<String, List<String>> query,
                              Integer offsetForFaults, Duration delay) {
        InstanceState state = instances.get(instanceId);
        if (state == null || !state.projectId.equals(projectId)) {
            return Answer.json(400, errorBody(INSTANCE_NOT_FOUND_CODE, "实例不存在")).delayed(delay);
        }
        String limitParam = first(query, "limit");
        Integer limit = limitParam == null ? Integer.valueOf(DEFAULT_LIMIT) : parseNonNegative(limitParam);
        if (limit == null || limit < 1 || limit > MAX_LIMIT) {
            return Answer.json(400, errorBody(INVALID_PARAMETER_CODE, "Invalid parameter: limit")).delayed(delay);
        }
        if (offsetForFaults == null) {
            return Answer.json(400, errorBody(INVALID_PARAMETER_CODE, "Invalid parameter: offset")).delayed(delay);
        }
        return Answer.json(200, page(state.snapshot(), limit, offsetForFaults)).delayed(delay);
    }

    private Map<String, Object> page(List<SimulatedTask> all, int limit, int offset) {
        long from = offsetMode == OffsetMode.RECORDS ? offset : (long) (Math.max(offset, 1) - 1) * limit;
        int start = (int) Math.min(from, all.size());
        int end = (int) Math.min((long) start + limit, all.size());
        NumberStyle style = numberStyle;
        List<Map<String, Object>> replications = new ArrayList<>(end - start);
        for (SimulatedTask task : all.subList(start, end)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("source_database", task.sourceDatabase());
            json.put("target_database", task.targetDatabase());
            json.put("task_name", task.taskName());
            json.put("status", task.status());
            json.put("stage", task.stage());
            json.put("percentage", styled(task.percentage(), style));
            json.put("catchup_stage", task.catchupStage());
            json.put("catchup_percentage", styled(task.catchupPercentage(), style));
            json.putAll(task.extraFields());
            replications.add(json);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", styled(all.size(), style));
        body.put("replications", replications);
        body.put("ext_text", null);
        return body;
    }

    // Numbers (and numeric strings) follow the style; anything else is served as stored, so tests can send odd values.
    private static Object styled(Object value, NumberStyle style) {
        if (value == null) {
            return null;
        }
        BigDecimal number = asNumber(value);
        if (number == null) {
            return value;
        }
        if (style == NumberStyle.STRINGS) {
            return value instanceof String ? value : number.stripTrailingZeros().toPlainString();
        }
        return value instanceof Number ? value : number;
    }

    private static BigDecimal asNumber(Object value) {
        if (value instanceof Number n) {
            try {
                return new BigDecimal(n.toString());
            } catch (NumberFormatException nanOrInfinity) {
                return null;
            }
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException notNumeric) {
                return null;
            }
        }
        return null;
    }

    // Taken under the lock, run outside it: an action may register another hook or change tasks.
    private void runPageHooks(String instanceId, Integer offset) {
        List<PageHook> hooks = pageHooks.get(instanceId);
        if (hooks == null || offset == null) {
            return;
        }
        List<Runnable> due = new ArrayList<>();
        synchronized (hooks) {
            for (Iterator<PageHook> it = hooks.iterator(); it.hasNext(); ) {
                PageHook hook = it.next();
                if (hook.offset == offset) {
                    due.add(hook.action);
                    it.remove();
                }
            }
        }
        due.forEach(Runnable::run);
    }

    private Fault takeFault(String instanceId, Integer offset) {
        Deque<PendingFault> queue = faults.get(instanceId);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            for (Iterator<PendingFault> it = queue.iterator(); it.hasNext(); ) {
                PendingFault pending = it.next();
                // An unparsable offset matches only faults that do not care about the offset.
                if (pending.fault.atOffset() != null && (offset == null || !pending.fault.matches(offset))) {
                    continue;
                }
                if (pending.remaining.decrementAndGet() <= 0) {
                    it.remove();
                }
                return pending.fault;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Authentication, as the API gateway does it before the service sees the request

    /** Null when authenticated, else the error_msg of the gateway's 401. */
    private String authenticate(HttpExchange exchange, String rawPath, Map<String, List<String>> query, byte[] body) {
        Headers headers = exchange.getRequestHeaders();
        String token = headers.getFirst("X-Auth-Token");
        if (token != null) {
            return constantTimeContains(tokens, token) ? null
                    : "Incorrect IAM authentication information: decrypt token fail";
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return "Incorrect IAM authentication information: Authorization not found";
        }
        return verifyAkSk(headers, authorization.trim(), rawPath, query, body) ? null : SIGNATURE_FAILED_MSG;
    }

    private boolean verifyAkSk(Headers headers, String authorization, String rawPath,
                               Map<String, List<String>> query, byte[] body) {
        if (!authorization.startsWith(ALGORITHM + " ")) {
            return false;
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String ak = parts.get("Access");
        String signedHeadersValue = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (ak == null || signedHeadersValue == null || signature == null) {
            return false;
        }
        String sk = secretKeysByAccessKey.get(ak);
        if (sk == null) {
            return false;
        }
        List<String> signedHeaders = Arrays.stream(signedHeadersValue.split(";"))
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        if (!signedHeaders.contains("host") || !signedHeaders.contains("x-sdk-date")) {
            return false;
        }
        // Temporary credentials: an unsigned token could be swapped onto someone else's signature.
        if (headers.getFirst("X-Security-Token") != null && !signedHeaders.contains("x-security-token")) {
            return false;
        }
        String sdkDate = headers.getFirst("X-Sdk-Date");
        if (!withinClockSkew(sdkDate)) {
            return false;
        }
        String host = headers.getFirst("Host");
        if (host == null || host.isBlank()) {
            host = endpoint.getAuthority();
        }

        // Rebuild the request as the client's SDK saw it and let the vendor's own signer compute the signature.
        HttpRequest.HttpRequestBuilder rebuilt = HttpRequest.newBuilder()
                .withMethod(HttpMethod.GET)
                .withEndpoint("http://" + host)
                .withPath(rawPath);
        // Decoded values: the signer encodes them itself (RFC 3986 style, %20 for space).
        query.forEach(rebuilt::addQueryParam);
        for (String name : signedHeaders) {
            if (name.equals("host")) {
                continue; // the signer takes it from the URL's authority, built above from the Host header
            }
            String value = headers.getFirst(name);
            if (value == null) {
                return false; // a signed header that did not arrive
            }
            // The signer looks these two up by exact (case-sensitive) name.
            String sdkName = switch (name) {
                case "x-sdk-date" -> "X-Sdk-Date";
                case "x-sdk-content-sha256" -> "X-Sdk-Content-Sha256";
                default -> name;
            };
            rebuilt.addHeader(sdkName, value);
        }
        if (body.length > 0) {
            rebuilt.withBodyAsString(new String(body, StandardCharsets.UTF_8));
        }
        Map<String, String> expected;
        try {
            expected = AKSKSigner.getInstance().sign(rebuilt.build(),
                    new BasicCredentials().withAk(ak).withSk(sk));
        } catch (RuntimeException unsignable) {
            return false;
        }
        String expectedSignature = signatureOf(expected.get("Authorization"));
        return expectedSignature != null && MessageDigest.isEqual(
                expectedSignature.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }

    private static String signatureOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        int at = authorization.lastIndexOf("Signature=");
        return at < 0 ? null : authorization.substring(at + "Signature=".length()).trim();
    }

    private static boolean withinClockSkew(String sdkDate) {
        if (sdkDate == null) {
            return false;
        }
        try {
            Instant signedAt = LocalDateTime.parse(sdkDate, SDK_DATE).toInstant(ZoneOffset.UTC);
            return Duration.between(signedAt, Instant.now()).abs().compareTo(MAX_CLOCK_SKEW) <= 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // Compares against every accepted token so the time taken does not reveal which prefix matched.
    private static boolean constantTimeContains(Set<String> accepted, String candidate) {
        byte[] given = candidate.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (String token : accepted) {
            found |= MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given);
        }
        return found;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Plumbing

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return s;
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The value as a non-negative int, or null when it is not one (sign, blank, letters, overflow). */
    private static Integer parseNonNegative(String value) {
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long parsed = Long.parseLong(value);
        return parsed > Integer.MAX_VALUE ? null : (int) parsed;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private void record(HttpExchange exchange, int status) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b));
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers, status);
        synchronized (recorded) {
            if (recorded.size() >= MAX_RECORDED_REQUESTS) {
                recorded.removeFirst();
            }
            recorded.addLast(request);
        }
    }

    private static void send(HttpExchange exchange, Answer answer, InFlight handling) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Content-Type", JSON_UTF8);
        out.set("X-Request-Id", requestId());
        answer.headers.forEach(out::set);
        byte[] bytes = answer.body;
        if (answer.stream != null) {
            exchange.sendResponseHeaders(answer.status, 0);
            try (OutputStream os = exchange.getResponseBody()) {
                handling.leave();
                answer.stream.write(os, bytes);
            }
            return;
        }
        if (bytes.length == 0) {
            handling.leave(); // the headers complete this answer
            exchange.sendResponseHeaders(answer.status, -1);
            return;
        }
        exchange.sendResponseHeaders(answer.status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            handling.leave(); // the client cannot have the whole answer before these bytes
            os.write(bytes);
        }
    }

    /** The instance id of a replication route's raw path, or null for any other path. */
    private static String routedInstance(String rawPath) {
        Matcher route = ROUTE.matcher(rawPath == null ? "" : rawPath);
        return route.matches() ? route.group(2) : null;
    }

    private static String requestId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static Map<String, Object> errorBody(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("error_msg", message);
        return body;
    }

    // The gateway's own errors also carry the request id in the body.
    private static Map<String, Object> gatewayError(String code, String message) {
        Map<String, Object> body = errorBody(code, message);
        body.put("request_id", requestId());
        return body;
    }

    private record Answer(int status, byte[] body, Map<String, String> headers, Duration delay, BodyStream stream) {
        static Answer json(int status, Object body) {
            try {
                return new Answer(status, JSON.writeValueAsBytes(body), Map.of(), Duration.ZERO, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Answer delayed(Duration d) {
            return new Answer(status, body, headers, d, stream);
        }

        Answer streamed(BodyStream writer) {
            return new Answer(status, body, headers, delay, writer);
        }
    }

    private record PendingFault(Fault fault, AtomicInteger remaining) {
    }

    private record PageHook(int offset, Runnable action) {
    }

    /** One request being handled, for {@link #maxConcurrentRequests()}: entered on creation, left at most once. */
    private final class InFlight {
        private final AtomicBoolean left = new AtomicBoolean();

        InFlight() {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
        }

        void leave() {
            if (left.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Tasks of one instance: mutated under its lock, read through an immutable snapshot so a page is consistent. */
    private static final class InstanceState {
        volatile String projectId;
        private final LinkedHashMap<String, SimulatedTask> tasks = new LinkedHashMap<>();
        private volatile List<SimulatedTask> snapshot = List.of();

        InstanceState(String projectId) {
            this.projectId = projectId;
        }

        synchronized void put(List<SimulatedTask> added) {
            added.forEach(task -> tasks.put(task.taskName(), task));
            snapshot = null;
        }

        synchronized void remove(String taskName) {
            if (tasks.remove(taskName) != null) {
                snapshot = null;
            }
        }

        // Rebuilt lazily so loading 10,000 tasks one by one stays linear.
        List<SimulatedTask> snapshot() {
            List<SimulatedTask> current = snapshot;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (snapshot == null) {
                    snapshot = List.copyOf(tasks.values());
                }
                return snapshot;
            }
        }
    }
}
