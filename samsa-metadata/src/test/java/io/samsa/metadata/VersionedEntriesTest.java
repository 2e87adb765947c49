package io.samsa.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import org.junit.jupiter.api.Test;

class VersionedEntriesTest {
    private final VersionedEntries<String, String> entries = new VersionedEntries<>(Comparator.naturalOrder());

    private static VersionedEntries.Entry<String> entry(String value, long czxid, long mzxid) {
        return new VersionedEntries.Entry<>(value, czxid, mzxid, 0);
    }

    @Test
    void keepsTheNewestVersionWhateverTheOrder() {
        assertThat(entries.put("t", entry("v2", 10, 12))).isTrue();
        assertThat(entries.put("t", entry("v1", 10, 11))).as("late event for an older version").isFalse();
        assertThat(entries.put("t", entry("v2", 10, 12))).as("the same version again").isFalse();
        assertThat(entries.get("t")).isEqualTo("v2");
        assertThat(entries.put("t", entry("v3", 10, 13))).isTrue();
        assertThat(entries.get("t")).isEqualTo("v3");
    }

    @Test
    void aLateEventDoesNotResurrectADeletedIncarnation() {
        // This store creates t (czxid 10) and deletes it; the watch still delivers "created, czxid 10".
        entries.put("t", entry("a", 10, 10));
        assertThat(entries.remove("t", 10, false)).isTrue();
        assertThat(entries.put("t", entry("a", 10, 10))).isFalse();
        assertThat(entries.get("t")).isNull();
        // The watch's own deletion event clears the tombstone.
        assertThat(entries.remove("t", 10, true)).isFalse();
        assertThat(entries.tombstoneCount()).isZero();
    }

    @Test
    void aNewIncarnationWinsOverTheTombstoneAndOverALateDeletion() {
        entries.put("t", entry("a", 10, 10));
        entries.remove("t", 10, false);
        assertThat(entries.put("t", entry("b", 15, 15))).as("re-created by another broker").isTrue();
        assertThat(entries.tombstoneCount()).isZero();
        assertThat(entries.remove("t", 10, true)).as("late deletion of the old incarnation").isFalse();
        assertThat(entries.get("t")).isEqualTo("b");
    }

    @Test
    void anUnchangedValueAtANewVersionIsNotAChange() {
        entries.put("t", entry("a", 10, 10));
        assertThat(entries.put("t", entry("a", 10, 11))).isFalse();
        assertThat(entries.entry("t").mzxid()).isEqualTo(11);
    }
}
