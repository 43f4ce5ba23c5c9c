package io.taurusreplicationwatch.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Warm-up that ends when the JIT compiler has settled rather than after a fixed count. Camel's deep, polymorphic
 * call paths keep C2 busy for about a hundred 10,000-task poll cycles on this machine, and until then the compiler
 * threads' CPU and the not-yet-compiled code would be measured as the service's cost.
 */
final class WarmUp {

    /** A round counts as quiet when the compilers worked at most this long during it. */
    static final long QUIET_COMPILE_MILLIS = 50;
    static final int QUIET_ROUNDS = 3;

    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private WarmUp() {
    }

    /** Repeats {@code round} until {@value #QUIET_ROUNDS} quiet rounds in a row or the time limit; returns the count. */
    static int untilJitSettles(Sample.Action round, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int rounds = 0;
        int quiet = 0;
        while (quiet < QUIET_ROUNDS && System.nanoTime() < deadline) {
            long compiled = compileMillis();
            round.run();
            rounds++;
            quiet = compileMillis() - compiled <= QUIET_COMPILE_MILLIS ? quiet + 1 : 0;
        }
        return rounds;
    }

    /** Total time the JIT compilers have spent so far. */
    static long compileMillis() {
        return JIT.getTotalCompilationTime();
    }
}
