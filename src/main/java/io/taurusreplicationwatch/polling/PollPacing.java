package io.taurusreplicationwatch.polling;

import java.time.Duration;

/**
 * When an instance is polled again: {@code interval} after the start of its last poll when that poll succeeded;
 * after a failure, exponentially later ({@code interval × 2^(failures-1)}, at most {@code maxBackoff}, ±20 %
 * jitter so that instances failing together do not retry together) and never before the API's Retry-After; an
 * instance the API says does not exist (DBS.200022) every {@code missingInstanceInterval}.
 */
public record PollPacing(Duration interval, Duration maxBackoff, Duration missingInstanceInterval) {
}
