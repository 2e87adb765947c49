package io.samsa.testkit.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class DeliveryCheckerTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private static ConsumerRecord<byte[], byte[]> read(TopicPartition tp, long offset, long seq) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, DeliveryChecker.value(seq, 50));
    }

    @Test
    void valuesCarryTheirSequenceNumber() {
        byte[] v = DeliveryChecker.value(1234567, 100);
        assertThat(v).hasSize(100);
        assertThat(DeliveryChecker.sequenceOf(v)).hasValue(1234567);
        assertThat(DeliveryChecker.value(5, 1)).as("never shorter than its number").hasSize("seq=5;".length());
        assertThat(DeliveryChecker.sequenceOf("seq=12".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(DeliveryChecker.sequenceOf("hello".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(DeliveryChecker.sequenceOf(null)).isEmpty();
    }

    @Test
    void aFaithfulLogIsClean() {
        DeliveryChecker c = new DeliveryChecker();
        List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();
        for (long seq = 0; seq < 10; seq++) {
            TopicPartition tp = seq % 2 == 0 ? P0 : P1;
            c.acknowledged(seq, tp, seq / 2);
            log.add(read(tp, seq / 2, seq));
        }
        log.add(read(P0, 5, 10)); // sent, never acknowledged (a timeout), yet written: allowed
        DeliveryReport r = c.check(log);
        assertThat(r.isClean()).as(r.toString()).isTrue();
        assertThat(r.acknowledged()).isEqualTo(10);
        assertThat(r.read()).isEqualTo(11);
        assertThat(r.unacknowledgedRead()).isEqualTo(1);
    }

    @Test
    void countsLostDuplicatedAndMovedRecords() {
        DeliveryChecker c = new DeliveryChecker();
        c.acknowledged(0, P0, 0);
        c.acknowledged(1, P0, 1); // lost
        c.acknowledged(2, P0, 2); // moved to offset 1
        c.acknowledged(3, P1, 0); // duplicated, once where acknowledged
        c.failed(4, new TimeoutException("expired"));
        DeliveryReport r = c.check(List.of(read(P0, 0, 0), read(P0, 1, 2), read(P1, 0, 3), read(P1, 1, 3)));
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.moved()).isEqualTo(1);
        assertThat(r.duplicated()).isEqualTo(1);
        assertThat(r.failedSends()).isEqualTo(1);
        assertThat(r.isClean()).isFalse();
        assertThat(r.toString()).contains("lost: record 1 acknowledged at t-0@1", "moved: record 2",
                "duplicated: record 3", "TimeoutException=1");
    }

    @Test
    void anAcknowledgementReportedTwiceIsABugInTheTest() {
        DeliveryChecker c = new DeliveryChecker();
        c.acknowledged(7, P0, 3);
        assertThatThrownBy(() -> c.acknowledged(7, P0, 4)).hasMessageContaining("acknowledged twice");
    }
}
