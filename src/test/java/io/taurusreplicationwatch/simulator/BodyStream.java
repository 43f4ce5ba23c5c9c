package io.taurusreplicationwatch.simulator;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * How the simulator writes a body it does not send whole with a Content-Length: generated or paced as it goes, in
 * chunked encoding, so that a body of any size costs the simulator no memory.
 */
@FunctionalInterface
public interface BodyStream {

    /** Writes the body; {@code body} is the answer's own bytes (the normal page for a fault that passes through). */
    void write(OutputStream out, byte[] body) throws IOException;

    /** A page that never ends until {@code bytes} were sent: a listing prefix, then task after task. */
    static BodyStream endlessPage(long bytes) {
        return (out, ignored) -> {
            byte[] head = "{\"total_count\":1,\"replications\":[".getBytes(StandardCharsets.UTF_8);
            out.write(head);
            repeat(out, "{\"task_name\":\"padding\",\"stage\":\"full\",\"status\":\"yes\"},", bytes - head.length);
            out.write("{}]}".getBytes(StandardCharsets.UTF_8));
        };
    }

    /** A gzip stream, small on the wire, that inflates to {@code inflatedBytes}: a page opening, then blanks. */
    static BodyStream gzipBomb(long inflatedBytes) {
        return (out, ignored) -> {
            // Flushed chunk by chunk: the client gets inflatable bytes at once, not after megabytes were compressed.
            GZIPOutputStream gzip = new GZIPOutputStream(out, 8192, true);
            byte[] head = "{\"total_count\":0,\"replications\":[".getBytes(StandardCharsets.UTF_8);
            gzip.write(head);
            repeat(gzip, " ", inflatedBytes - head.length);
            gzip.write("]}".getBytes(StandardCharsets.UTF_8));
            gzip.finish();
        };
    }

    /** The body one byte at a time, {@code pause} apart: it arrives, but never within any sensible deadline. */
    static BodyStream drip(Duration pause) {
        return (out, body) -> {
            try {
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(pause.toMillis());
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the simulator is closing");
            }
        };
    }

    private static void repeat(OutputStream out, String unit, long bytes) throws IOException {
        byte[] one = unit.getBytes(StandardCharsets.UTF_8);
        byte[] chunk = new byte[(64 * 1024 / one.length) * one.length];
        for (int i = 0; i < chunk.length; i += one.length) {
            System.arraycopy(one, 0, chunk, i, one.length);
        }
        for (long left = bytes; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
            out.flush();
        }
    }
}
