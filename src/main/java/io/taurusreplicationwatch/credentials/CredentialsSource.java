package io.taurusreplicationwatch.credentials;

import java.io.IOException;

/** A service that issues credentials that expire: the ECS/CCE metadata service, IAM. */
public interface CredentialsSource {

    /** Fetches new credentials; {@code projectId} is the scope when {@link #scopedByProject()}. */
    IssuedCredentials fetch(String projectId) throws IOException;

    /** Whether each project needs credentials of its own (IAM tokens), or one set serves all (temporary AK/SK). */
    boolean scopedByProject();

    /** The kind of credentials and where they come from, for logs and advice: never a secret. */
    String describe();
}
