package io.taurusreplicationwatch.signing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** How requests prove who sends them: a signature made with an access key pair, or a static IAM token. */
public sealed interface Credentials permits AkSkCredentials, TokenCredentials {

    /**
     * The headers that authenticate a request. {@code request} holds every other header that will be sent; the
     * returned headers are added to them.
     */
    Map<String, String> authenticate(SignableRequest request, Instant now);

    /** A description safe to log: the kind of credentials and a masked key, never a secret. */
    String describe();

    /** Every value that must never be shown in a log: keys and tokens, as they are sent. */
    List<String> secrets();
}
