package io.samsa.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Records of {@code __transaction_state} byte for byte as Kafka's {@code TransactionLogKey.json} and
 * {@code TransactionLogValue.json} lay them out (bytes written out by hand from the schemas), so a log written by
 * Kafka loads here and the other way round.
 */
class TransactionLogSerdeTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static TransactionLogValue ongoing(long previous, long next, short clientVersion) {
        return new TransactionLogValue(5, previous, next, (short) 2, 60_000, TransactionState.ONGOING,
            Set.of(new TopicPartition("t", 0)), 100, 90, clientVersion);
    }

    @Test
    void keyIsVersionZeroAndTheTransactionalIdAsAnInt16PrefixedString() {
        assertThat(TransactionLogSerde.key("id")).isEqualTo(hex("0000 0002 6964"));
        assertThat(TransactionLogSerde.readKey(ByteBuffer.wrap(hex("0000 0002 6964")))).isEqualTo("id");
    }

    @Test
    void aKeyOfAnUnknownVersionIsSkipped() {
        assertThat(TransactionLogSerde.readKey(ByteBuffer.wrap(hex("0001 0002 6964")))).isNull();
    }

    @Test
    void valueVersionZeroLayout() {
        byte[] expected = hex("0000" // version 0
            + "0000000000000005" // producer id
            + "0002" // epoch
            + "0000EA60" // timeout 60000
            + "01" // Ongoing
            + "00000001" + "0001 74" + "00000001" + "00000000" // [t: [0]]
            + "0000000000000064" // last update 100
            + "000000000000005A"); // start 90
        assertThat(TransactionLogSerde.value(ongoing(-1, -1, (short) 0))).isEqualTo(expected);
        assertThat(TransactionLogSerde.readValue(ByteBuffer.wrap(expected))).isEqualTo(ongoing(-1, -1, (short) 0));
    }

    @Test
    void anEmptyStateIsWrittenWithNullPartitions() {
        TransactionLogValue empty = new TransactionLogValue(5, -1, -1, (short) 0, 1000, TransactionState.EMPTY,
            Set.of(), 7, -1, (short) 0);
        byte[] expected = hex("0000 0000000000000005 0000 000003E8 00 FFFFFFFF 0000000000000007 FFFFFFFFFFFFFFFF");
        assertThat(TransactionLogSerde.value(empty)).isEqualTo(expected);
        assertThat(TransactionLogSerde.readValue(ByteBuffer.wrap(expected))).isEqualTo(empty);
    }

    @Test
    void valueVersionOneIsFlexibleWithTaggedProducerIdsAndClientVersion() {
        byte[] expected = hex("0001"
            + "0000000000000005" + "0002" + "0000EA60" + "01"
            + "02" + "02 74" + "02" + "00000000" + "00" // compact [t: [0]], no tags in the entry
            + "0000000000000064" + "000000000000005A"
            + "02" // two tagged fields
            + "00 08 0000000000000003" // tag 0: previous producer id 3
            + "02 02 0001"); // tag 2: client transaction version 1
        TransactionLogValue v = ongoing(3, -1, (short) 1);
        assertThat(TransactionLogSerde.value(v, (short) 1)).isEqualTo(expected);
        assertThat(TransactionLogSerde.readValue(ByteBuffer.wrap(expected))).isEqualTo(v);
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        byte[] withUnknownTag = hex("0001 0000000000000005 0002 0000EA60 04 01"
            + "0000000000000064 000000000000005A"
            + "02 01 08 0000000000000009 07 01 FF"); // tag 1: next producer id 9; tag 7 unknown
        TransactionLogValue v = TransactionLogSerde.readValue(ByteBuffer.wrap(withUnknownTag));
        assertThat(v.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(v.partitions()).isEmpty();
        assertThat(v.nextProducerId()).isEqualTo(9);
        assertThat(v.previousProducerId()).isEqualTo(-1);
    }

    @Test
    void aTombstoneIsNoValue() {
        assertThat(TransactionLogSerde.readValue(null)).isNull();
    }
}
