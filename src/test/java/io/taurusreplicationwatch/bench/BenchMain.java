package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;

/**
 * The benchmark harness ({@code mvn -Pbench}): the service against the TaurusDB simulator and an in-process broker,
 * each figure next to a baseline measured in the same run. Prints a Markdown table, then one line per goal.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        // Camel and Kafka leave non-daemon threads behind: only an explicit exit ends the JVM, also after a failure.
        int status = 1;
        try {
            run();
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            System.exit(status);
        }
    }

    private static void run() throws Exception {
        // The JDK's HTTP server under the simulator writes an answer's headers and body in two segments; without
        // TCP_NODELAY, Nagle's algorithm and the client's delayed ACK add ~40 ms to every request, which would
        // measure the simulator's socket, not the service. A real API gateway does not behave like that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        BenchLogging.toFile();
        Report report = new Report();
        long start = System.nanoTime();
        // First, while the JVM is fresh: the state load is timed as cold as at a real start-up.
        if (selected("state")) {
            progress("state memory and load");
            new StateMemoryBench().run(report);
            progress("state saves");
            new StateSaveBench().run(report);
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            if (selected("steady")) {
                progress("steady poll");
                new SteadyPollBench(broker).run(report);
            }
            if (selected("sync")) {
                progress("initial sync");
                new InitialSyncBench(broker).run(report);
            }
            if (selected("latency")) {
                progress("detection latency (about two minutes)");
                new DetectionLatencyBench(broker).run(report);
            }
        }
        progress("done in " + (System.nanoTime() - start) / 1_000_000_000 + " s; service log in " + BenchLogging.FILE);
        System.out.println();
        report.print(System.out);
    }

    /** {@code -Dbench.scenarios=steady,sync} runs only those scenarios (state, steady, sync, latency); all by default. */
    private static boolean selected(String scenario) {
        String only = System.getProperty("bench.scenarios", "");
        return only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(scenario);
    }

    private static void progress(String step) {
        System.out.println("[bench] " + step);
    }
}
