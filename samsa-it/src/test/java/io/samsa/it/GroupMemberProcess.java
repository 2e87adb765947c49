package io.samsa.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A group member in a JVM of its own ({@link GroupMemberMain}), so that a test can kill it the way a crash does:
 * {@link #kill()} is SIGKILL, no LeaveGroup, no last commit, and the broker only learns of it when the member's
 * session times out. What the member prints is replayed into a {@link MemberState} as it arrives; its log (standard
 * error) goes to {@code <name>-<n>.log} in the work directory.
 *
 * <p>Not thread-safe: one test thread starts and stops it.
 */
final class GroupMemberProcess implements AutoCloseable {
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Path workDir;
    private final List<String> arguments;
    private Process process;
    private Thread reader;
    private int starts;

    /**
     * @param config consumer settings on top of {@link GroupMember#config}'s
     */
    GroupMemberProcess(Path workDir, String bootstrap, String groupId, String clientId, String topic,
                       Map<String, String> config) {
        this.workDir = workDir;
        this.arguments = new ArrayList<>(List.of(bootstrap, groupId, clientId, topic));
        config.forEach((k, v) -> arguments.add(k + "=" + v));
    }

    /**
     * Starts a new process for this member (a first start, or a restart after {@link #kill()}); what it prints is
     * replayed into {@code state} (a {@link MemberState}, or any other {@link GroupMember.Events}).
     */
    void start(GroupMember.Events state) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running as pid " + process.pid());
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", ChildJvm.classPath(), GroupMemberMain.class.getName()));
        command.addAll(arguments);
        Files.createDirectories(workDir);
        Path log = workDir.resolve(arguments.get(2) + "-" + (++starts) + ".log");
        process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        Process started = process;
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    GroupMemberMain.replay(line, state);
                }
            } catch (IOException e) {
                // The process is gone; what it printed before is what counts.
            }
        }, "member-output-" + arguments.get(2));
        reader.setDaemon(true);
        reader.start();
    }

    /** SIGKILL, then waits until the process is gone and everything it printed has been replayed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the member closes its consumer (LeaveGroup) before the process exits. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        awaitExit();
    }

    private void awaitExit() throws InterruptedException {
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("member process " + process.pid() + " outlived SIGKILL");
        }
        reader.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
