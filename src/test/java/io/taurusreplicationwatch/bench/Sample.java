package io.taurusreplicationwatch.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall-clock and process CPU time of one measured action. CPU is the whole JVM's, so it includes the in-process
 * simulator and broker: the same holds for the baseline, which is measured the same way. On Linux the JDK reads
 * process CPU time in 10 ms clock ticks, so short actions are measured over several repetitions.
 */
record Sample(long wallNanos, long cpuNanos) {

    /** An action that may throw, so that benchmarks can measure calls declared with checked exceptions. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    static Sample measure(Action action) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        action.run();
        return new Sample(System.nanoTime() - wall, OS.getProcessCpuTime() - cpu);
    }

    Sample plus(Sample other) {
        return new Sample(wallNanos + other.wallNanos, cpuNanos + other.cpuNanos);
    }

    /** The mean of {@code times} repetitions measured as one. */
    Sample per(int times) {
        return new Sample(wallNanos / times, cpuNanos / times);
    }

    double wallMillis() {
        return wallNanos / 1e6;
    }

    double cpuMillis() {
        return cpuNanos / 1e6;
    }
}
