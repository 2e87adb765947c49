package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.Test;

/**
 * Requests that repeat a key of a keyed collection thousands of times are refused before kafka-clients' parser,
 * whose cost grows with the cube of the repeats, could stall the network thread; ordinary requests pass.
 */
class DuplicateKeyGuardTest {

    /** The request serialized, with every distinct topic name rewritten to the same one (same length). */
    private static ByteBuffer withEqualNames(ApiMessage data, short version) {
        ByteBuffer b = MessageUtil.toByteBufferAccessor(data, version).buffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        String s = new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("t\\d{5}", "t00000");
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ProduceRequestData produceOf(int topics) {
        ProduceRequestData d = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000)
                .setTransactionalId("txn");
        for (int i = 0; i < topics; i++) {
            d.topicData().add(new ProduceRequestData.TopicProduceData().setName(String.format("t%05d", i)));
        }
        return d;
    }

    @Test
    void aProduceRepeatingOneTopicThousandsOfTimesIsRefusedQuickly() {
        for (short version : new short[] {3, 8, 9, 12}) {
            ByteBuffer body = withEqualNames(produceOf(2_000), version);
            long start = System.nanoTime();
            assertThatThrownBy(() -> DuplicateKeyGuard.check(ApiKeys.PRODUCE, version, body))
                    .as("v%d", version).isInstanceOf(InvalidRequestException.class).hasMessageContaining("t00000");
            assertThat(System.nanoTime() - start).as("v%d", version).isLessThan(1_000_000_000L);
            assertThat(body.position()).isZero();
        }
    }

    @Test
    void manyDistinctTopicsAndAFewRepeatsPass() {
        assertThatCode(() -> DuplicateKeyGuard.check(ApiKeys.PRODUCE, (short) 9,
                MessageUtil.toByteBufferAccessor(produceOf(5_000), (short) 9).buffer())).doesNotThrowAnyException();
        assertThatCode(() -> DuplicateKeyGuard.check(ApiKeys.PRODUCE, (short) 9,
                withEqualNames(produceOf(DuplicateKeyGuard.MAX_EQUAL_KEYS), (short) 9))).doesNotThrowAnyException();
    }

    @Test
    void otherKeyedCollectionsAreCheckedToo() {
        CreateTopicsRequestData d = new CreateTopicsRequestData().setTimeoutMs(1000);
        for (int i = 0; i < 500; i++) {
            d.topics().add(new CreateTopicsRequestData.CreatableTopic().setName(String.format("t%05d", i))
                    .setNumPartitions(1).setReplicationFactor((short) 1));
        }
        assertThatThrownBy(() -> DuplicateKeyGuard.check(ApiKeys.CREATE_TOPICS, (short) 7,
                withEqualNames(d, (short) 7))).isInstanceOf(InvalidRequestException.class);
        assertThatCode(() -> DuplicateKeyGuard.check(ApiKeys.CREATE_TOPICS, (short) 7,
                MessageUtil.toByteBufferAccessor(d, (short) 7).buffer())).doesNotThrowAnyException();
    }
}
