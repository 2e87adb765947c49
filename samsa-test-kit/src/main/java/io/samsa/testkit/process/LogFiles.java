package io.samsa.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading a child's log file while it may still be written. Stateless. */
final class LogFiles {
    private LogFiles() {
    }

    /** The whole file, or a line saying why it cannot be read. */
    static String read(Path file) {
        try {
            // Not readString: a torn multi-byte character at the end of a log being written must not fail the read.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }

    /** The last {@code lines} lines of {@code file}. */
    static String tail(Path file, int lines) {
        List<String> all = read(file).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
