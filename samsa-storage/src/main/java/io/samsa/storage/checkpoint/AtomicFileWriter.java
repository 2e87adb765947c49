package io.samsa.storage.checkpoint;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Replaces a small file atomically: writes {@code <name>.tmp}, fsyncs it, renames it over the target and
 * fsyncs the directory, so a crash leaves either the old or the new content, never a mix.
 *
 * <p>Crash behaviour: a leftover {@code .tmp} file is garbage; the log loader deletes such files.
 * Stateless and thread-safe; concurrent writers of the same file must be serialized by the caller.
 */
public final class AtomicFileWriter {
    private AtomicFileWriter() {
    }

    public static void write(File target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Writes {@code bytes}; with {@code sync} false the data is left to the page cache (no fsync). */
    public static void write(File target, byte[] bytes, boolean sync) throws IOException {
        File tmp = new File(target.getPath() + ".tmp");
        try (FileOutputStream out = new FileOutputStream(tmp)) {
            out.write(bytes);
            out.flush();
            if (sync) {
                out.getFD().sync();
            }
        }
        Utils.atomicMoveWithFallback(tmp.toPath(), target.toPath(), sync);
    }
}
