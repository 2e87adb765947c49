package io.samsa.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client application in a JVM of its own, so a test can kill it with SIGKILL mid-transaction, as a crash would:
 * nothing is closed, no transaction is ended, the brokers only learn of it through timeouts and fencing. Its standard
 * output and error go to {@code <name>-<n>.log} in the work directory, one file per start.
 *
 * <p>Not thread-safe: one test thread starts and stops it.
 */
final class ChildJvm implements AutoCloseable {
    private static final long EXIT_TIMEOUT_SECONDS = 30;

    private final Path workDir;
    private final String name;
    private final Class<?> main;
    private final List<String> arguments;
    private Process process;
    private int starts;

    ChildJvm(Path workDir, String name, Class<?> main, List<String> arguments) {
        this.workDir = workDir;
        this.name = name;
        this.main = main;
        this.arguments = List.copyOf(arguments);
    }

    /**
     * The test's class path. Failsafe may start the test JVM from a manifest-only jar, in which case
     * {@code java.class.path} is that jar and the real path is in {@code surefire.test.class.path}.
     */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Starts it (again, after a kill); returns at once. */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " already runs as pid " + process.pid());
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("samsa.child.log", "warn"),
                "-cp", classPath(), main.getName()));
        command.addAll(arguments);
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + "-" + (++starts) + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") outlived SIGKILL");
        }
    }

    /** The last {@code lines} lines of the current start's log, for a failure message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(workDir.resolve(name + "-" + starts + ".log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
