package io.samsa.network;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what is logged while it is open. SLF4J's simple logger (the test binding) writes to whatever
 * {@code System.err} is at the time of each call, so replacing the stream is enough; what is captured still goes to
 * the real stream too. Thread-safe; one capture at a time.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    LogCapture() {
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public synchronized void write(int b) {
                bytes.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
    }

    /** Log lines so far that contain {@code text} (stack trace lines start with a tab or "Caused by" and are skipped). */
    synchronized List<String> lines(String text) {
        String all = bytes.toString(StandardCharsets.UTF_8);
        return Arrays.stream(all.split("\n"))
                .filter(l -> !l.startsWith("\t") && !l.startsWith("Caused by") && l.contains(text))
                .toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
