package io.samsa.storage.producer;

import io.samsa.storage.checkpoint.AtomicFileWriter;
import java.io.File;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.utils.Crc32C;

/**
 * The {@code <20-digit offset>.snapshot} file: the producer state of a partition as of an offset (every batch
 * below the offset is reflected, none at or above it).
 *
 * <p>On-disk layout (Samsa's own, big-endian; Kafka's format keeps only the last batch per producer, this one
 * keeps all five so retries are still recognised after a restart):
 * <pre>
 * version      int16   = 2 (1: without the two transaction fields, still read)
 * crc          int32   CRC-32C of every byte after this field
 * count        int32   number of producers
 * count times:
 *   producerId     int64
 *   producerEpoch  int16
 *   lastTimestamp  int64
 *   coordinatorEpoch       int32   (version 2) of the last transaction marker, -1 if none
 *   currentTxnFirstOffset  int64   (version 2) first offset of the open transaction, -1 if none; the
 *                                  ongoing transactions (and so the last stable offset) are rebuilt from it
 *   batchCount     int32   0..5, oldest first
 *   batchCount times:
 *     firstSeq int32, lastSeq int32, firstOffset int64, lastOffset int64, timestamp int64
 * </pre>
 *
 * <p>Crash behaviour: written via a temporary file and an atomic rename; a torn or corrupted file fails its CRC
 * check on read ({@link IOException}), and the caller falls back to an older snapshot or to rebuilding from the
 * log. Stateless; thread-safe.
 */
public final class ProducerStateSnapshot {
    public static final String SUFFIX = ".snapshot";
    private static final short VERSION = 2;
    private static final short VERSION_WITHOUT_TXN = 1;
    private static final int HEADER_SIZE = 2 + 4 + 4;
    private static final int ENTRY_HEADER_SIZE = 8 + 2 + 8 + 4 + 8 + 4;
    private static final int BATCH_SIZE = 4 + 4 + 8 + 8 + 8;

    private ProducerStateSnapshot() {
    }

    public static void write(File file, Collection<ProducerStateEntry> entries, boolean sync) throws IOException {
        int size = HEADER_SIZE;
        for (ProducerStateEntry e : entries) {
            size += ENTRY_HEADER_SIZE + e.batches().size() * BATCH_SIZE;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putShort(VERSION);
        buf.putInt(0);
        buf.putInt(entries.size());
        for (ProducerStateEntry e : entries) {
            buf.putLong(e.producerId());
            buf.putShort(e.producerEpoch());
            buf.putLong(e.lastTimestamp());
            buf.putInt(e.coordinatorEpoch());
            buf.putLong(e.currentTxnFirstOffset());
            List<BatchMetadata> batches = e.batches();
            buf.putInt(batches.size());
            for (BatchMetadata b : batches) {
                buf.putInt(b.firstSeq());
                buf.putInt(b.lastSeq());
                buf.putLong(b.firstOffset());
                buf.putLong(b.lastOffset());
                buf.putLong(b.timestamp());
            }
        }
        buf.putInt(2, (int) Crc32C.compute(buf.array(), 6, size - 6));
        AtomicFileWriter.write(file, buf.array(), sync);
    }

    public static List<ProducerStateEntry> read(File file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file.toPath()));
        try {
            short version = buf.getShort();
            if (version != VERSION && version != VERSION_WITHOUT_TXN) {
                throw new IOException("Unknown producer snapshot version " + version + " in " + file);
            }
            int crc = buf.getInt();
            int computed = (int) Crc32C.compute(buf.array(), 6, buf.limit() - 6);
            if (crc != computed) {
                throw new IOException("Producer snapshot " + file + " failed its CRC check");
            }
            int count = buf.getInt();
            List<ProducerStateEntry> entries = new ArrayList<>(Math.max(0, Math.min(count, 1 << 16)));
            for (int i = 0; i < count; i++) {
                long producerId = buf.getLong();
                short epoch = buf.getShort();
                long lastTimestamp = buf.getLong();
                int coordinatorEpoch = ProducerStateEntry.NO_COORDINATOR_EPOCH;
                long txnFirstOffset = ProducerStateEntry.NO_TXN;
                if (version == VERSION) {
                    coordinatorEpoch = buf.getInt();
                    txnFirstOffset = buf.getLong();
                }
                int batchCount = buf.getInt();
                if (batchCount < 0 || batchCount > ProducerStateEntry.NUM_BATCHES_TO_RETAIN) {
                    throw new IOException("Bad batch count " + batchCount + " in producer snapshot " + file);
                }
                List<BatchMetadata> batches = new ArrayList<>(batchCount);
                for (int j = 0; j < batchCount; j++) {
                    batches.add(new BatchMetadata(buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong(),
                            buf.getLong()));
                }
                entries.add(new ProducerStateEntry(producerId, epoch, batches, lastTimestamp, coordinatorEpoch,
                        txnFirstOffset));
            }
            if (buf.hasRemaining()) {
                throw new IOException("Trailing bytes in producer snapshot " + file);
            }
            return entries;
        } catch (BufferUnderflowException e) {
            throw new IOException("Truncated producer snapshot " + file, e);
        }
    }
}
