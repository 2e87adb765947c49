package io.samsa.storage.cleaner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyHashOffsetMapTest {
    private static ByteBuffer key(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void returnsTheLatestOffsetOfEveryKeyUpToItsCapacity() {
        KeyHashOffsetMap map = new KeyHashOffsetMap(24 * 1000, 0.9);
        Map<String, Long> expected = new HashMap<>();
        Random random = new Random(11L);
        for (long offset = 0; offset < 5000; offset++) {
            String k = "k" + random.nextInt(900); // 900 keys: exactly the usable entries of 1000 slots
            map.put(key(k), offset);
            expected.put(k, offset);
        }
        expected.forEach((k, offset) -> assertThat(map.get(key(k))).as(k).isEqualTo(offset));
        assertThat(map.get(key("never put"))).isEqualTo(-1L);
        assertThat(map.size()).isEqualTo(expected.size());
        assertThat(map.utilization()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void refusesANewKeyWhenFullAndForgetsEverythingOnClear() {
        KeyHashOffsetMap map = new KeyHashOffsetMap(24 * 4, 0.5);
        map.put(key("a"), 1L);
        map.put(key("b"), 2L);
        map.put(key("a"), 3L); // an update needs no new slot
        assertThat(map.remainingCapacity()).isZero();
        assertThatThrownBy(() -> map.put(key("c"), 4L)).isInstanceOf(IllegalStateException.class);
        assertThat(map.get(key("a"))).isEqualTo(3L);
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.get(key("a"))).isEqualTo(-1L);
        assertThat(map.latestOffset()).isEqualTo(-1L);
    }
}
