package io.samsa.metadata;

import java.util.Objects;

/**
 * A value read from a znode with the version that identifies it, for compare-and-set writes (as BookKeeper's
 * {@code Versioned}). For a partition state, {@code version} is the partition epoch.
 *
 * @param value        the decoded value
 * @param version      the znode's ZooKeeper data version ({@code Stat.getVersion()}); a writer names it to make
 *                     its write conditional
 * @param modifiedZxid the zxid of the write that produced this value ({@code Stat.getMzxid()}), comparable with a
 *                     broker epoch (the czxid of its registration): a state written before a broker registered
 *                     has a smaller one
 */
public record Versioned<T>(T value, int version, long modifiedZxid) {
    public Versioned {
        Objects.requireNonNull(value, "value");
    }
}
