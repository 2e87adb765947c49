package io.samsa.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;

/**
 * Runs Kafka's command-line tools the way a user does, and hands back what they printed.
 *
 * <p>Tools from kafka-tools run in this JVM through their {@code main}: Kafka's {@link Exit} is pointed at a procedure
 * that records the status instead of ending the JVM, and {@code System.out}/{@code System.err} are captured for the
 * duration of the call. Tools from the Scala core (kafka_2.13) run as a child JVM over the class path that the
 * samsa-it build copied to {@code target/kafka-cli/}. Calls are serialized (the standard streams are global).
 */
final class CliTools {
    /** What a tool printed, and its exit status. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "status " + status + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private static final class ExitCalled extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        ExitCalled(int status) {
            super("exit " + status, null, false, false);
            this.status = status;
        }
    }

    private CliTools() {
    }

    /**
     * Runs {@code mainClass.main(args)} in this JVM. The status is that of the first {@code Exit.exit} call: some
     * tools call it from inside their work as well as from {@code main}, and the later call only reports that the
     * first one was intercepted.
     */
    static synchronized Result runInProcess(Class<?> mainClass, String... args) throws Exception {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Integer[] firstStatus = {null};
        Exit.setExitProcedure((code, message) -> {
            if (firstStatus[0] == null) {
                firstStatus[0] = code;
            }
            throw new ExitCalled(code);
        });
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            mainClass.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof ExitCalled)) {
                throw e;
            }
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            Exit.resetExitProcedure();
        }
        int status = firstStatus[0] == null ? 0 : firstStatus[0];
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The directory holding kafka_2.13 and its runtime class path (copied by the samsa-it build). */
    static Path kafkaCliDir() {
        String configured = System.getProperty("kafka.cli.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("target", "kafka-cli");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: run the tests with `mvn verify`, whose "
                    + "pre-integration-test phase copies kafka_2.13 there");
        }
        return dir;
    }

    /**
     * Runs {@code mainClass} from the kafka_2.13 class path in a child JVM, waiting at most {@code timeout}; a child
     * still running then is killed and the call fails.
     */
    static Result runKafkaCore(Path workDir, Duration timeout, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(kafkaCliDir().toAbsolutePath() + "/*");
        command.add(mainClass);
        command.addAll(List.of(args));
        return runProcess(workDir, timeout, command, null);
    }

    /** Whether an executable named {@code program} is on the PATH. */
    static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command} with {@code stdin} (or nothing) as its input, bounded by {@code timeout}. */
    static Result runProcess(Path workDir, Duration timeout, List<String> command, String stdin)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Path in = Files.createTempFile(workDir, "in", ".txt");
        Files.writeString(in, stdin == null ? "" : stdin);
        Process p = new ProcessBuilder(command)
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish within " + timeout + "\n--- stdout ---\n"
                    + Files.readString(out) + "\n--- stderr ---\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
