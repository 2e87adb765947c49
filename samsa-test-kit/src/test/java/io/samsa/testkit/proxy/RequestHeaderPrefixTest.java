package io.samsa.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RequestHeaderPrefixTest {
    @Test
    void readsTheHeaderOnlyOnceEveryByteOfTheClientIdIsThere() {
        byte[] frame = Frames.request("broker-1-fetcher");
        int complete = RequestHeaderPrefix.FIXED_BYTES + "broker-1-fetcher".length();
        for (int n = 0; n < complete; n++) {
            assertThat(RequestHeaderPrefix.parse(Unpooled.wrappedBuffer(frame, 0, n))).as("%d bytes", n).isNull();
        }
        ByteBuf whole = Unpooled.wrappedBuffer(frame);
        assertThat(RequestHeaderPrefix.parse(whole))
                .isEqualTo(new RequestHeaderPrefix((short) 18, (short) 3, 7, "broker-1-fetcher"));
        assertThat(whole.readerIndex()).as("nothing consumed").isZero();
    }

    @Test
    void aNullClientIdIsReadWithoutWaitingForMore() {
        byte[] frame = Frames.request(null);
        assertThat(RequestHeaderPrefix.parse(Unpooled.wrappedBuffer(frame, 0, RequestHeaderPrefix.FIXED_BYTES)))
                .isEqualTo(new RequestHeaderPrefix((short) 18, (short) 3, 7, null));
    }

    @Test
    void refusesBytesThatCannotStartARequest() {
        ByteBuf tooSmall = Unpooled.wrappedBuffer(ByteBuffer.allocate(8).putInt(3).putInt(0).flip());
        assertThatThrownBy(() -> RequestHeaderPrefix.parse(tooSmall)).isInstanceOf(IllegalArgumentException.class);

        ByteBuffer longId = ByteBuffer.allocate(RequestHeaderPrefix.FIXED_BYTES);
        longId.putInt(12).putShort((short) 18).putShort((short) 3).putInt(1).putShort((short) 100).flip();
        assertThatThrownBy(() -> RequestHeaderPrefix.parse(Unpooled.wrappedBuffer(longId)))
                .hasMessageContaining("does not fit");
    }

    @Test
    void brokersAreToldFromClientsByClientId() {
        ClientIdClassifier c = new ClientIdClassifier();
        assertThat(c.classify(Unpooled.wrappedBuffer(Frames.request("broker-12-fetcher")))).isEqualTo(Node.broker(12));
        assertThat(c.classify(Unpooled.wrappedBuffer(Frames.request("producer-1")))).isEqualTo(Node.CLIENTS);
        assertThat(c.classify(Unpooled.wrappedBuffer(Frames.request("broker-x-fetcher")))).isEqualTo(Node.CLIENTS);
        assertThat(c.classify(Unpooled.wrappedBuffer(Frames.request(null)))).isEqualTo(Node.CLIENTS);
        assertThat(c.classify(Unpooled.wrappedBuffer(new byte[] {0, 0}))).as("too early to say").isNull();
        assertThat(c.classify(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 9}))).as("not Kafka")
                .isEqualTo(Node.CLIENTS);
    }
}
