package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1000));

    private static byte[] frame(int size, int seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static byte[] sized(byte[]... bodies) {
        ByteBuf out = Unpooled.buffer();
        for (byte[] b : bodies) {
            out.writeInt(b.length).writeBytes(b);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private List<byte[]> readFrames() {
        List<byte[]> frames = new ArrayList<>();
        ByteBuf f;
        while ((f = channel.readInbound()) != null) {
            byte[] b = new byte[f.readableBytes()];
            f.readBytes(b);
            f.release();
            frames.add(b);
        }
        return frames;
    }

    @Test
    void framesInOneReadComeOutWholeAndInOrder() {
        byte[] a = frame(10, 1);
        byte[] b = frame(0, 2);
        byte[] c = frame(1000, 3);
        ByteBuf in = Unpooled.wrappedBuffer(sized(a, b, c));
        channel.writeInbound(in);
        assertThat(readFrames()).containsExactly(a, b, c);
        assertThat(in.refCnt()).isZero();
    }

    @Test
    void framesSplitAtEveryByteBoundaryAreReassembled() {
        byte[] a = frame(700, 4);
        byte[] b = frame(5, 5);
        byte[] stream = sized(a, b);
        for (int chunk : new int[] {1, 2, 3, 5, 64, 701}) {
            List<ByteBuf> inputs = new ArrayList<>();
            for (int i = 0; i < stream.length; i += chunk) {
                ByteBuf in = Unpooled.copiedBuffer(stream, i, Math.min(chunk, stream.length - i));
                inputs.add(in);
                channel.writeInbound(in);
            }
            assertThat(readFrames()).as("chunks of %d bytes", chunk).containsExactly(a, b);
            assertThat(inputs).allSatisfy(in -> assertThat(in.refCnt()).isZero());
        }
    }

    @Test
    void aFrameAboveTheLimitFailsBeforeItsBytesArrive() {
        ByteBuf in = Unpooled.buffer().writeInt(1001).writeBytes(new byte[10]);
        assertThatThrownBy(() -> channel.writeInbound(in)).isInstanceOf(TooLongFrameException.class);
        assertThat(readFrames()).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(sized(frame(3, 6))));
        assertThat(readFrames()).isEmpty(); // the connection is being closed: nothing more is decoded
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(-5)))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void aHalfReceivedFrameIsReleasedWhenTheConnectionCloses() {
        UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
        channel.config().setAllocator(allocator);
        channel.writeInbound(Unpooled.buffer().writeInt(500).writeBytes(new byte[100]));
        assertThat(readFrames()).isEmpty();
        assertThat(allocator.metric().usedDirectMemory()).isEqualTo(500);
        assertThat(channel.finish()).isFalse();
        assertThat(allocator.metric().usedDirectMemory()).isZero();
    }
}
