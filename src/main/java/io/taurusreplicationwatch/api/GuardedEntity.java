package io.taurusreplicationwatch.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/** An answer's entity whose content is read only through a {@link GuardedResponseStream}. */
final class GuardedEntity extends HttpEntityWrapper {

    private final GuardedRequest request;

    GuardedEntity(HttpEntity entity, GuardedRequest request) {
        super(entity);
        this.request = request;
    }

    @Override
    public InputStream getContent() throws IOException {
        InputStream content = super.getContent();
        return content == null ? null : new GuardedResponseStream(content, request);
    }

    // The wrapped entity would copy its own content, uncounted.
    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream content = getContent()) {
            if (content != null) {
                content.transferTo(out);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (IOException e) {
            request.rethrowIfAborted();
            throw e;
        } finally {
            request.finish();
        }
    }
}
