package io.samsa.storage.cleaner;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An {@link OffsetMap} in one preallocated buffer: open addressing over slots of a 128-bit key hash (MD5, as
 * Kafka) and an 8-byte offset, so memory does not depend on key sizes. Two keys with the same hash would share an
 * entry; at 128 bits that is not a practical risk. A slot whose hash is all zeros is free.
 *
 * <p>Capacity: {@code bufferBytes / 24} slots, of which {@code loadFactor} may be used, keeping probe sequences
 * short. The used slots' positions are remembered (4 bytes each) so that clearing costs the keys mapped, not the
 * buffer (128 MiB by default, zeroed before every clean otherwise). Owned by one cleaner thread; not thread-safe.
 */
public final class KeyHashOffsetMap implements OffsetMap {
    private static final int HASH_BYTES = 16;
    private static final int ENTRY_BYTES = HASH_BYTES + Long.BYTES;

    private final ByteBuffer slots;
    private final int slotCount;
    private final int maxEntries;
    private final MessageDigest digest;
    private final byte[] hash = new byte[HASH_BYTES];
    /** The current key's hash as two longs, compared against slots without copying them out. */
    private long hashHigh;
    private long hashLow;
    /** Positions of the used slots, so that {@link #clear} zeroes those instead of the whole buffer. */
    private int[] used = new int[1024];
    private int size;
    private long latestOffset = -1L;

    public KeyHashOffsetMap(int bufferBytes, double loadFactor) {
        this.slotCount = bufferBytes / ENTRY_BYTES;
        this.maxEntries = (int) (slotCount * loadFactor);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("An offset map of " + bufferBytes + " bytes at load factor "
                    + loadFactor + " holds no key");
        }
        this.slots = ByteBuffer.allocate(slotCount * ENTRY_BYTES);
        try {
            this.digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    @Override
    public void put(ByteBuffer key, long offset) {
        hash(key);
        int position = findSlot() * ENTRY_BYTES;
        if (isFree(position)) {
            if (size >= maxEntries) {
                throw new IllegalStateException("Offset map is full (" + size + " keys)");
            }
            slots.putLong(position, hashHigh);
            slots.putLong(position + Long.BYTES, hashLow);
            if (size == used.length) {
                used = Arrays.copyOf(used, Math.min(maxEntries, size * 2));
            }
            used[size++] = position;
        }
        slots.putLong(position + HASH_BYTES, offset);
        latestOffset = offset;
    }

    @Override
    public long get(ByteBuffer key) {
        hash(key);
        int position = findSlot() * ENTRY_BYTES;
        return isFree(position) ? -1L : slots.getLong(position + HASH_BYTES);
    }

    /** The slot holding the current hash, or the free slot where it would go (linear probing). */
    private int findSlot() {
        int slot = Math.floorMod((int) (hashHigh >>> 32), slotCount);
        for (int i = 0; i < slotCount; i++) {
            int position = slot * ENTRY_BYTES;
            long high = slots.getLong(position);
            long low = slots.getLong(position + Long.BYTES);
            if ((high == 0L && low == 0L) || (high == hashHigh && low == hashLow)) {
                return slot;
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
        throw new IllegalStateException("Offset map has no free slot");
    }

    private boolean isFree(int position) {
        return slots.getLong(position) == 0L && slots.getLong(position + Long.BYTES) == 0L;
    }

    private void hash(ByteBuffer key) {
        if (key.hasArray()) {
            digest.update(key.array(), key.arrayOffset() + key.position(), key.remaining());
        } else {
            digest.update(key.duplicate());
        }
        try {
            digest.digest(hash, 0, HASH_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer h = ByteBuffer.wrap(hash);
        hashHigh = h.getLong(0);
        hashLow = h.getLong(Long.BYTES);
    }

    @Override
    public int remainingCapacity() {
        return maxEntries - size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long latestOffset() {
        return latestOffset;
    }

    @Override
    public void updateLatestOffset(long offset) {
        latestOffset = offset;
    }

    @Override
    public double utilization() {
        return (double) size / maxEntries;
    }

    @Override
    public void clear() {
        for (int i = 0; i < size; i++) {
            int position = used[i];
            slots.putLong(position, 0L);
            slots.putLong(position + Long.BYTES, 0L);
            slots.putLong(position + HASH_BYTES, 0L);
        }
        size = 0;
        latestOffset = -1L;
    }
}
