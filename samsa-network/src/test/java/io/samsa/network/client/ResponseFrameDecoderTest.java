package io.samsa.network.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Responses cut out of the stream from another broker, however the stream is split into reads. */
class ResponseFrameDecoderTest {

    private static ByteBuf frames(String... bodies) {
        ByteBuf out = Unpooled.buffer();
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length).writeBytes(bytes);
        }
        return out;
    }

    private static List<String> read(EmbeddedChannel channel) {
        List<String> bodies = new ArrayList<>();
        ByteBuf frame;
        while ((frame = channel.readInbound()) != null) {
            bodies.add(frame.toString(StandardCharsets.UTF_8));
            frame.release();
        }
        return bodies;
    }

    @Test
    void framesSplitAtEveryByteComeOutWhole() {
        ByteBuf stream = frames("first response", "second", "the third one, a little longer");
        int size = stream.readableBytes();
        for (int cut = 1; cut < size; cut++) {
            EmbeddedChannel channel = new EmbeddedChannel(new ResponseFrameDecoder(1 << 20));
            channel.writeInbound(stream.retainedSlice(0, cut));
            channel.writeInbound(stream.retainedSlice(cut, size - cut));
            assertThat(read(channel)).as("cut at byte %d", cut)
                    .containsExactly("first response", "second", "the third one, a little longer");
            assertThat(channel.finish()).isFalse();
        }
        stream.release();
    }

    @Test
    void aFrameArrivingOneByteAtATimeIsCopiedIntoOneBufferOfItsSize() {
        ByteBuf stream = frames("x".repeat(10_000));
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseFrameDecoder(1 << 20));
        while (stream.isReadable()) {
            channel.writeInbound(stream.readRetainedSlice(1));
        }
        ByteBuf frame = channel.readInbound();
        assertThat(frame.capacity()).as("allocated at the announced size, never grown").isEqualTo(10_000);
        assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo("x".repeat(10_000));
        frame.release();
        stream.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aSizeAboveTheMaximumOrBelowACorrelationIdFailsTheConnection() {
        EmbeddedChannel tooLarge = new EmbeddedChannel(new ResponseFrameDecoder(1000));
        assertThatThrownBy(() -> tooLarge.writeInbound(Unpooled.buffer().writeInt(1001)))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("1001 bytes");
        EmbeddedChannel tooSmall = new EmbeddedChannel(new ResponseFrameDecoder(1000));
        assertThatThrownBy(() -> tooSmall.writeInbound(Unpooled.buffer().writeInt(3)))
                .isInstanceOf(CorruptedFrameException.class);
    }

    @Test
    void aHalfReceivedFrameIsFreedWhenTheConnectionCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseFrameDecoder(1 << 20));
        ByteBuf start = Unpooled.buffer().writeInt(100_000).writeBytes(new byte[1000]);
        channel.writeInbound(start);
        assertThat(channel.finish()).as("nothing passed on").isFalse();
        // The module's leak check fails this class if the 100,000-byte buffer was not released.
    }
}
