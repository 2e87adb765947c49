package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;

/**
 * A record a test sends, kept so that what comes back can be compared field by field.
 *
 * @param key       never null
 * @param value     null for a tombstone
 * @param headers   in order; a header value may be null
 * @param timestamp the producer's (CreateTime) timestamp
 */
record TestRecord(byte[] key, byte[] value, List<Header> headers, long timestamp) {
    /** Value sizes to cycle through: empty, tiny, a few typical ones, and larger than the producer's batch.size. */
    private static final int[] SIZES = {0, 1, 17, 100, 1000, 4000, 20_000};

    /**
     * {@code count} records with keys {@code key-0…}, mixed value sizes (half of each value repeats text so that
     * compression has something to do, half is random), zero to two headers and timestamps 7 ms apart from
     * {@code firstTimestamp}. The same seed gives the same records.
     */
    static List<TestRecord> generate(long seed, int count, long firstTimestamp) {
        Random random = new Random(seed);
        List<TestRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] value = null;
            if (i % 97 != 13) {
                value = new byte[SIZES[random.nextInt(SIZES.length)]];
                byte[] text = ("value " + i + " ").getBytes(StandardCharsets.UTF_8);
                for (int j = 0; j < value.length / 2; j++) {
                    value[j] = text[j % text.length];
                }
                byte[] noise = new byte[value.length - value.length / 2];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, value, value.length / 2, noise.length);
            }
            List<Header> headers = new ArrayList<>();
            if (i % 3 >= 1) {
                headers.add(new RecordHeader("index", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            }
            if (i % 3 == 2) {
                headers.add(new RecordHeader("empty", (byte[]) null));
            }
            out.add(new TestRecord(("key-" + i).getBytes(StandardCharsets.UTF_8), value, headers,
                    firstTimestamp + 7L * i));
        }
        return out;
    }

    ProducerRecord<byte[], byte[]> toProducerRecord(String topic, Integer partition) {
        return new ProducerRecord<>(topic, partition, timestamp, key, value, headers);
    }

    /** Asserts {@code got} is this record, as read back at {@code offset}. */
    void assertMatches(ConsumerRecord<byte[], byte[]> got, long offset) {
        String what = "record at offset " + offset;
        assertThat(got.offset()).as(what + ": offset").isEqualTo(offset);
        assertThat(got.key()).as(what + ": key").isEqualTo(key);
        assertThat(got.value()).as(what + ": value").isEqualTo(value);
        assertThat(got.timestamp()).as(what + ": timestamp").isEqualTo(timestamp);
        assertThat(got.timestampType()).as(what + ": timestamp type").isEqualTo(TimestampType.CREATE_TIME);
        Header[] gotHeaders = got.headers().toArray();
        assertThat(gotHeaders).as(what + ": header count").hasSize(headers.size());
        for (int h = 0; h < headers.size(); h++) {
            assertThat(gotHeaders[h].key()).as(what + ": header " + h + " key").isEqualTo(headers.get(h).key());
            assertThat(gotHeaders[h].value()).as(what + ": header " + h + " value")
                    .isEqualTo(headers.get(h).value());
        }
    }

    /** Asserts {@code got} holds exactly {@code sent}, at consecutive offsets from {@code firstOffset}. */
    static void assertAllMatch(List<TestRecord> sent, List<ConsumerRecord<byte[], byte[]>> got, long firstOffset) {
        assertThat(got).as("records read back").hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            sent.get(i).assertMatches(got.get(i), firstOffset + i);
        }
    }

    @Override
    public String toString() {
        return "TestRecord[key=" + new String(key, StandardCharsets.UTF_8) + ", value="
                + (value == null ? "null" : value.length + " bytes") + ", headers=" + headers.size()
                + ", timestamp=" + timestamp + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestRecord r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value)
                && headers.equals(r.headers) && timestamp == r.timestamp;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Long.hashCode(timestamp);
    }
}
