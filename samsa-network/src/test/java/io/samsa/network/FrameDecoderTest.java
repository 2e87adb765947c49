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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private RequestMemory memory = new RequestMemory(1 << 20);
    private SocketServerMetrics metrics = new SocketServerMetrics(memory);
    private ReadGate gate;
    private EmbeddedChannel channel = channel(1000);

    private EmbeddedChannel channel(int maxFrameBytes) {
        EmbeddedChannel ch = new EmbeddedChannel();
        gate = new ReadGate(ch.config(), metrics);
        ch.pipeline().addLast(new FrameDecoder(maxFrameBytes, gate, memory, metrics));
        return ch;
    }

    /** A channel whose request memory holds {@code limit} bytes. */
    private void withMemory(long limit, int maxFrameBytes) {
        channel.finishAndReleaseAll();
        memory = new RequestMemory(limit);
        metrics = new SocketServerMetrics(memory);
        channel = channel(maxFrameBytes);
    }

    @AfterEach
    void everythingIsReleased() {
        channel.finishAndReleaseAll();
        assertThat(metrics.getRequestBufferBytes()).as("decoder buffers").isZero();
        assertThat(memory.reserved()).as("request memory").isZero();
    }

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

    /** Takes the frames passed on, releasing each with its request memory as the dispatcher would. */
    private List<byte[]> readFrames() {
        List<byte[]> frames = new ArrayList<>();
        ByteBuf f;
        while ((f = channel.readInbound()) != null) {
            byte[] b = new byte[f.readableBytes()];
            f.readBytes(b);
            f.release();
            memory.release(b.length);
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
    void aFrameThatArrivesWholeIsASliceOfTheReadBuffer() {
        ByteBuf in = Unpooled.wrappedBuffer(sized(frame(100, 7)));
        channel.writeInbound(in);
        ByteBuf f = channel.readInbound();
        assertThat(f.unwrap()).as("no copy").isSameAs(in);
        assertThat(metrics.getRequestBufferBytes()).isZero();
        f.release();
        memory.release(100);
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
    void aFrameSpanningReadsGrowsWithWhatArrivedNotWithWhatWasAnnounced() {
        withMemory(8 << 20, 8 << 20);
        byte[] big = frame(3 << 20, 8);
        byte[] stream = sized(big);
        long received = 0;
        long largestBuffer = 0;
        for (int i = 0; i < stream.length; i += 1000) {
            int n = Math.min(1000, stream.length - i);
            channel.writeInbound(Unpooled.copiedBuffer(stream, i, n));
            received += n;
            long held = metrics.getRequestBufferBytes();
            largestBuffer = Math.max(largestBuffer, held);
            assertThat(held).as("after %d bytes", received)
                    .isLessThanOrEqualTo(Math.max(FrameDecoder.MIN_CHUNK, FrameDecoder.GROWTH * received));
        }
        assertThat(readFrames()).containsExactly(big);
        assertThat(largestBuffer).as("the buffer reached the frame's size, no more").isEqualTo(big.length);
    }

    @Test
    void aStalledFrameHoldsItsReservationButOnlyTheBytesThatArrived() {
        withMemory(200 << 20, 100 << 20);
        channel.writeInbound(Unpooled.buffer().writeInt(90 << 20).writeBytes(new byte[1000]));
        assertThat(memory.reserved()).as("logical: the whole announced frame").isEqualTo(90 << 20);
        assertThat(metrics.getRequestBufferBytes()).as("physical").isEqualTo(FrameDecoder.MIN_CHUNK);
        channel.close();
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void aFrameThatDoesNotFitInTheRequestMemoryMutesTheConnectionUntilMemoryIsReleased() {
        withMemory(1000, 1000);
        byte[] a = frame(600, 9);
        byte[] b = frame(600, 10);
        channel.writeInbound(Unpooled.wrappedBuffer(sized(a, b)));
        ByteBuf first = channel.readInbound();
        assertThat((Object) channel.readInbound()).as("b does not fit while a is held").isNull();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(metrics.getConnectionsWaitingForMemory()).isEqualTo(1);

        first.release();
        memory.release(600);
        channel.runPendingTasks(); // the wake-up runs on the connection's event loop
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(metrics.getConnectionsWaitingForMemory()).isZero();
        assertThat(metrics.getMemoryWaits()).isEqualTo(1);
        assertThat(readFrames()).containsExactly(b);
    }

    @Test
    void aFrameLargerThanTheWholeMemoryIsAdmittedAloneWhenNothingElseIsHeld() {
        withMemory(100, 1000);
        byte[] a = frame(500, 11);
        channel.writeInbound(Unpooled.wrappedBuffer(sized(a)));
        assertThat(readFrames()).containsExactly(a);
    }

    @Test
    void aShutGateStopsFramesAndKeepsTheRestOfTheReadUntilItOpens() {
        byte[] a = frame(10, 12);
        byte[] b = frame(20, 13);
        byte[] c = frame(30, 14);
        gate.shut(ReadGate.Reason.IN_FLIGHT);
        ByteBuf in = Unpooled.wrappedBuffer(sized(a, b, c));
        channel.writeInbound(in);
        assertThat(readFrames()).isEmpty();
        assertThat(in.refCnt()).as("kept for later").isPositive();
        assertThat(channel.config().isAutoRead()).isFalse();

        gate.open(ReadGate.Reason.IN_FLIGHT);
        assertThat(readFrames()).containsExactly(a, b, c);
        assertThat(in.refCnt()).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aReadHoldingManyFramesIsPassedOnInPassesThatLetTheEventLoopServeOthers() {
        int count = 3 * FrameDecoder.FRAMES_PER_PASS + 5;
        byte[][] frames = new byte[count][];
        for (int i = 0; i < count; i++) {
            frames[i] = frame(8, 100 + i);
        }
        // Not writeInbound: it would run the loop's pending tasks, the decoder's continuation among them, at once.
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(sized(frames)));
        List<byte[]> got = new ArrayList<>(readFrames());
        assertThat(got).hasSize(FrameDecoder.FRAMES_PER_PASS);
        assertThat(channel.config().isAutoRead()).as("not read while input is kept back").isFalse();
        channel.runPendingTasks(); // the decoder's continuations, each queued behind the loop's other work
        got.addAll(readFrames());
        assertThat(got).containsExactly(frames);
        assertThat(channel.config().isAutoRead()).isTrue();
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
        assertThat(memory.reserved()).isEqualTo(500);
        assertThat(channel.finish()).isFalse();
        assertThat(allocator.metric().usedDirectMemory()).isZero();
        assertThat(memory.reserved()).isZero();
    }
}
