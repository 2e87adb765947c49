package io.samsa.network;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Endpoint;

/**
 * Builds each connection's pipeline:
 * <pre>
 * socket → idle     {@link IdleStateHandler} (connections.max.idle.ms without a byte read or written)
 *        → frames   {@link FrameDecoder} (4-byte big-endian size, stripped; max socket.request.max.bytes;
 *                   reserves request memory; stops between frames while the {@link ReadGate} is shut)
 *        → requests {@link RequestDispatcher} (decode, handle, answer in order; shuts the gate on back-pressure;
 *                   closes the connection when idle)
 * </pre>
 * One per listener, shared by its connections; thread-safe.
 */
final class KafkaChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ApiRegistry registry;
    private final Endpoint listener;
    private final int maxFrameBytes;
    private final long idleMs;
    private final RequestMemory memory;
    private final SocketServerMetrics metrics;

    KafkaChannelInitializer(ApiRegistry registry, Endpoint listener, int maxFrameBytes, long idleMs, RequestMemory memory,
                            SocketServerMetrics metrics) {
        this.registry = registry;
        this.listener = listener;
        this.maxFrameBytes = maxFrameBytes;
        this.idleMs = idleMs;
        this.memory = memory;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        metrics.connectionOpened(ch);
        ReadGate gate = new ReadGate(ch.config(), metrics);
        ch.pipeline()
                // observeOutput: a slow reader still taking response bytes is not idle.
                .addLast("idle", new IdleStateHandler(true, 0, 0, idleMs, TimeUnit.MILLISECONDS))
                .addLast("frameDecoder", new FrameDecoder(maxFrameBytes, gate, memory, metrics))
                .addLast("dispatcher", new RequestDispatcher(registry, listener, gate, memory, metrics));
    }
}
