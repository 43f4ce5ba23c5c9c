package io.taurusreplicationwatch.api;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;

/**
 * Bounds every API request as a whole, which the client's per-read timeouts cannot: an answer dripped a byte at a
 * time never trips them. Each request gets a deadline for its whole answer, the answer is counted as it is read and
 * refused once it exceeds the size limit (before reading, when its Content-Length already says so), and all requests
 * in flight are aborted when the service stops. Failures on the way to the API (TLS, proxy) leave it named by
 * {@link TransportFailure}. It sits first in the client's chain, outside the decompression, so
 * it counts the inflated bytes a reader gets, not the compressed ones on the wire.
 */
public final class ApiRequestGuard implements ExecChainHandler, AutoCloseable {

    private static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final RequestLimits limits;
    private final Set<GuardedRequest> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor deadlines;
    private volatile boolean stopping;

    public ApiRequestGuard(RequestLimits limits) {
        this.limits = limits;
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "api-request-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // A request that ends in time takes its timer with it instead of leaving it queued for the whole deadline.
        deadlines.setRemoveOnCancelPolicy(true);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        GuardedRequest guarded = new GuardedRequest(limits, () -> closeConnection(scope), inFlight::remove);
        inFlight.add(guarded);
        if (stopping) {
            guarded.serviceStopping();
        }
        guarded.rethrowIfAborted();
        guarded.deadline(deadlines.schedule(guarded::deadlinePassed, limits.deadline().toMillis(),
                TimeUnit.MILLISECONDS));
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            guarded.rethrowIfAborted();
            guarded.finish();
            ApiErrorException named = TransportFailure.of(e, scope.route);
            if (named != null) {
                throw named;
            }
            throw e;
        }
        ApiErrorException refusedByProxy = TransportFailure.refusal(response, scope.route, scope.clientContext);
        if (refusedByProxy != null) {
            guarded.finish();
            response.close();
            throw refusedByProxy;
        }
        Header requestId = response.getFirstHeader(REQUEST_ID_HEADER);
        guarded.answered(response.getCode(), requestId == null ? null : requestId.getValue());
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            guarded.finish();
            return response;
        }
        if (entity.getContentLength() > limits.maxResponseBytes()) {
            throw guarded.refuseTooLarge("its Content-Length is " + entity.getContentLength() + " bytes");
        }
        response.setEntity(new GuardedEntity(entity, guarded));
        return response;
    }

    /** Aborts every request in flight and refuses new ones: a stopping service waits for none of them. */
    public void abortAll() {
        stopping = true;
        inFlight.forEach(GuardedRequest::serviceStopping);
    }

    /** How many requests are in flight; for tests. */
    int inFlight() {
        return inFlight.size();
    }

    @Override
    public void close() {
        abortAll();
        deadlines.shutdownNow();
    }

    private static void closeConnection(ExecChain.Scope scope) {
        if (scope.originalRequest instanceof Cancellable cancellable) {
            cancellable.cancel();
        } else {
            scope.execRuntime.discardEndpoint();
        }
    }
}
