package io.samsa.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Records;

/** Test-only: the bytes of records, and of a log, for byte-for-byte comparisons. */
final class LogContents {
    private LogContents() {
    }

    /** The bytes a read from the log start offset returns: the whole log while it fits one segment. */
    static byte[] bytesOf(Log log) {
        return bytesOf(log.read(log.logStartOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true).records());
    }

    static byte[] bytesOf(Records records) {
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        if (records instanceof MemoryRecords memory) {
            b.put(memory.buffer());
        } else {
            try {
                ((FileRecords) records).readInto(b, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.array();
    }
}
