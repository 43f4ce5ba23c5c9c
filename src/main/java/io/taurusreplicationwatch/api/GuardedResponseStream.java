package io.taurusreplicationwatch.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of an answer as its reader takes it: every byte is counted against the request's limit, and a read that
 * fails because the request was aborted fails with the reason. Reaching the end, or closing, ends the request.
 */
final class GuardedResponseStream extends FilterInputStream {

    private final GuardedRequest request;

    GuardedResponseStream(InputStream body, GuardedRequest request) {
        super(body);
        this.request = request;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            request.rethrowIfAborted();
            throw e;
        }
        if (n < 0) {
            request.finish();
        } else {
            request.received(n);
        }
        return n;
    }

    // FilterInputStream would skip in the wrapped stream, uncounted.
    @Override
    public long skip(long n) throws IOException {
        return n <= 0 ? 0 : Math.max(0, read(new byte[(int) Math.min(n, 8192)]));
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } catch (IOException e) {
            request.rethrowIfAborted();
            throw e;
        } finally {
            request.finish();
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
