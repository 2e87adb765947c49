package io.samsa.storage;

import org.apache.kafka.common.utils.BufferSupplier;

/**
 * The decompression buffers of the thread validating or recompressing a produce request: one kafka-clients
 * {@link BufferSupplier} per thread, shared by {@link RecordValidator} and {@link BatchRecompressor}. Produce
 * requests are handled on several network threads at once and a supplier is not thread-safe; per thread it keeps
 * one buffer per size the codecs ask for (a 16 KiB chunk buffer; an LZ4 block buffer of 64 KiB to 4 MiB).
 */
final class DecompressionBuffers {
    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);

    private DecompressionBuffers() {
    }

    /** The calling thread's supplier; use it on this thread only. */
    static BufferSupplier ofThisThread() {
        return BUFFERS.get();
    }
}
