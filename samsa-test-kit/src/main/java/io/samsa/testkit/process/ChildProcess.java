package io.samsa.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One started OS process whose output (stdout and stderr) is appended to a log file, with the two ways a test ends
 * it: SIGKILL ({@link #kill}) and SIGTERM with a bounded wait ({@link #terminate}). Watched by
 * {@link ProcessReaper} until it is known to be gone. The scripts this runs {@code exec} java, so the process is
 * the JVM itself; descendants are killed too, in case one does not.
 *
 * <p>Not thread-safe: one owner drives it.
 */
final class ChildProcess {
    /** A SIGKILLed process is gone within milliseconds; this only bounds a stuck kernel. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path logFile;

    private ChildProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code env} added to this JVM's environment, appending its
     * output to {@code logFile} after a line that says what started and when.
     */
    static ChildProcess start(List<String> command, Map<String, String> env, Path workDir, Path logFile)
            throws IOException {
        Files.createDirectories(workDir);
        Files.writeString(logFile, "=== " + Instant.now() + " starting: " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        ProcessReaper.watch(p.toHandle());
        return new ChildProcess(p, logFile);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status; only once the process is gone. */
    int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs. Returns once the process is gone. */
    void kill() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for " + KILL_WAIT);
        }
        ProcessReaper.forget(process.toHandle());
    }

    /**
     * SIGTERM, then waits up to {@code patience} for the process to exit; kills it if it does not.
     *
     * @return true if it exited within {@code patience}
     */
    boolean terminate(Duration patience) throws InterruptedException {
        if (!process.isAlive()) {
            ProcessReaper.forget(process.toHandle());
            return true;
        }
        process.destroy();
        boolean exited = process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            kill();
        }
        ProcessReaper.forget(process.toHandle());
        return exited;
    }

    /** Sends SIGTERM without waiting: several processes can then stop at once. */
    void signalTerminate() {
        process.destroy();
    }

    Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the log, for a failure message. */
    String logTail(int lines) {
        return LogFiles.tail(logFile, lines);
    }
}
