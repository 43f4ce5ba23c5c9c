package io.taurusreplicationwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as operators run it: {@code java -jar target/taurus-replication-watch.jar} in its own JVM, started
 * from the project directory (config/ and routes/), with settings as system properties and the AK/SK in the
 * environment, never on the command line. Its output goes to a file the test can read.
 */
public final class ChildService implements AutoCloseable {

    public static final Path JAR = Path.of("target", "taurus-replication-watch.jar").toAbsolutePath();

    private final Process process;
    private final Path log;

    private ChildService(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the jar with these settings ({@code -Dname=value}), extra JVM options and environment. */
    public static ChildService start(Map<String, String> settings, List<String> jvmOptions,
                                     Map<String, String> environment, Path log) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: it is built by mvn package, before the integration"
                    + " tests");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        // Service processes run side by side in tests: each board on a free port unless a test names one.
        if (!settings.containsKey("watch.board.port")) {
            command.add("-Dwatch.board.port=0");
        }
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new ChildService(builder.start(), log);
    }

    /** SIGTERM, as Kubernetes stops a pod: Camel shuts down gracefully. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no final save. */
    public void kill() {
        process.destroyForcibly();
    }

    public boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** The exit code of a process that has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
