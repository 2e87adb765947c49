package io.samsa.bench.tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;

/**
 * Starts Java programs in child JVMs (the brokers and Kafka's tools), each writing stdout and stderr into one log
 * file, and makes sure none outlives its time limit or the harness.
 *
 * <p>Every child is tracked until it exits; {@link #killAll} (also run by a shutdown hook, so Ctrl-C leaves no
 * broker behind) kills the ones still alive. Stopping sends SIGTERM first so brokers shut down cleanly, then
 * SIGKILL after a grace period. Only processes started here are ever signalled.
 *
 * <p>Thread-safe.
 */
public final class ChildJvm {
    /** How long a child may take to exit after SIGTERM before it gets SIGKILL. */
    private static final long TERM_GRACE_MS = 15_000;

    private final String javaBinary;
    private final Time time;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    public ChildJvm(String javaBinary, Time time) {
        this.javaBinary = javaBinary;
        this.time = time;
        Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "samsa-bench-kill-children"));
    }

    /** The java binary of this JVM, so children run on the same JDK. */
    public static String currentJavaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public Time time() {
        return time;
    }

    /** {@code java <jvmOptions> -cp <classpath> <mainClass> <args>}. */
    public List<String> command(String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Starts a child writing its output to {@code log}. The caller stops it with {@link #stop}. */
    public Process start(List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        live.add(p);
        p.onExit().thenRun(() -> live.remove(p));
        return p;
    }

    /** Runs a child to completion, killing it once {@code timeoutMs} has passed. */
    public ToolResult run(List<String> command, Path log, long timeoutMs) throws IOException {
        long startMs = time.milliseconds();
        Process p = start(command, log);
        return await(p, log, startMs, timeoutMs);
    }

    /** Waits for a child started with {@link #start} at {@code startMs}, killing it at {@code startMs + timeoutMs}. */
    public ToolResult await(Process p, Path log, long startMs, long timeoutMs) {
        boolean exited;
        try {
            long remaining = Math.max(0, startMs + timeoutMs - time.milliseconds());
            exited = p.waitFor(remaining, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            stop(p, TERM_GRACE_MS);
        }
        long elapsed = time.milliseconds() - startMs;
        return new ToolResult(exited ? p.exitValue() : -1, !exited, readLog(log), log, elapsed);
    }

    /** SIGTERM to the child (and anything it started), SIGKILL if it is still alive after {@code graceMs}. */
    public void stop(Process p, long graceMs) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(graceMs, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        live.remove(p);
    }

    /**
     * Stops several children at once: SIGTERM to all, then SIGKILL to those still alive {@code graceMs} later.
     * The brokers of one cluster stop together because stopping them one after the other stalls the last ones:
     * a KRaft node that has lost its quorum, or a Samsa broker whose peers are gone, waits for a controlled
     * shutdown that can no longer happen.
     */
    public void stopAll(List<Process> processes, long graceMs) {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        long deadline = time.milliseconds() + graceMs;
        try {
            for (Process p : processes) {
                if (!p.waitFor(Math.max(0, deadline - time.milliseconds()), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(TERM_GRACE_MS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            processes.forEach(Process::destroyForcibly);
        }
        processes.forEach(live::remove);
    }

    /**
     * SIGKILL to one child, as {@code kill -9} does (no shutdown hook runs, sockets are reset by the kernel), and a
     * wait of at most {@code timeoutMs} until it is gone. Returns whether it is gone.
     */
    public boolean kill(Process p, long timeoutMs) {
        p.destroyForcibly();
        try {
            return p.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** Kills every child still running. */
    public void killAll() {
        for (Process p : List.copyOf(live)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String readLog(Path log) {
        try {
            // Decoding bytes (not readString) replaces malformed input instead of failing on it.
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
