package io.samsa.network;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * Builds each connection's pipeline:
 * <pre>
 * socket → {@link FrameDecoder} (4-byte big-endian size, stripped; max socket.request.max.bytes)
 *        → {@link RequestDispatcher} (decode, handle, answer in order)
 * </pre>
 * Thread-safe (shared by all connections).
 */
final class KafkaChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ApiRegistry registry;
    private final int maxFrameBytes;

    KafkaChannelInitializer(ApiRegistry registry, int maxFrameBytes) {
        this.registry = registry;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("frameDecoder", new FrameDecoder(maxFrameBytes))
                .addLast("dispatcher", new RequestDispatcher(registry));
    }
}
