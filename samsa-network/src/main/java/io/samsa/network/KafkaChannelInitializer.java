package io.samsa.network;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;

/**
 * Builds each connection's pipeline:
 * <pre>
 * socket → ssl      {@link SslHandler}, on an SSL listener only
 *        → chunks   {@link ChunkedWriteHandler} + {@link FileRegionChunker}, on an SSL listener only: log segment
 *                   slices cannot be sent with sendfile through TLS, so they are read in 64 KiB chunks as the
 *                   socket drains (memory stays bounded by the chunk, not the fetch size)
 *        → idle     {@link IdleStateHandler} (connections.max.idle.ms without a byte read or written)
 *        → frames   {@link FrameDecoder} (4-byte big-endian size, stripped; max socket.request.max.bytes;
 *                   reserves request memory; stops between frames while the {@link ReadGate} is shut)
 *        → sasl     {@link SaslAuthenticator}, on a SASL listener only (SaslHandshake, SaslAuthenticate; nothing
 *                   else but ApiVersions passes before the client authenticated)
 *        → requests {@link RequestDispatcher} (decode, handle, answer in order; shuts the gate on back-pressure;
 *                   closes the connection when idle)
 * </pre>
 * One per listener, shared by its connections; thread-safe.
 */
final class KafkaChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ApiRegistry registry;
    private final Endpoint listener;
    /** Replaced when the listener's key or trust store is reloaded; connections keep the one they started with. */
    private volatile SslContext tls;
    private final KafkaPrincipalBuilder principals;
    private final int maxFrameBytes;
    private final long idleMs;
    private final RequestMemory memory;
    private final SocketServerMetrics metrics;
    /** The listener's SASL mechanisms; null on a listener without SASL. */
    private final SaslMechanisms sasl;
    private final Time time;
    private final long failedAuthenticationDelayMs;

    KafkaChannelInitializer(ApiRegistry registry, Endpoint listener, SslContext tls,
                            KafkaPrincipalBuilder principals, int maxFrameBytes, long idleMs, RequestMemory memory,
                            SocketServerMetrics metrics, SaslMechanisms sasl,
                            long failedAuthenticationDelayMs, Time time) {
        this.sasl = sasl;
        this.time = time;
        this.failedAuthenticationDelayMs = failedAuthenticationDelayMs;
        this.registry = registry;
        this.listener = listener;
        this.tls = tls;
        this.principals = principals;
        this.maxFrameBytes = maxFrameBytes;
        this.idleMs = idleMs;
        this.memory = memory;
        this.metrics = metrics;
    }

    /** The TLS context of connections accepted from now on; the listener must have TLS. */
    void tls(SslContext context) {
        if (tls == null || context == null) {
            throw new IllegalStateException("Listener " + listener + " has no TLS to replace");
        }
        tls = context;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        SslContext tls = this.tls;
        metrics.connectionOpened(ch);
        ReadGate gate = new ReadGate(ch.config(), metrics);
        if (tls != null) {
            ch.pipeline()
                    .addLast("ssl", tls.newHandler(ch.alloc()))
                    .addLast("chunkedWriter", new ChunkedWriteHandler())
                    .addLast("fileRegionChunker", FileRegionChunker.INSTANCE);
        }
        ch.pipeline()
                // observeOutput: a slow reader still taking response bytes is not idle.
                .addLast("idle", new IdleStateHandler(true, 0, 0, idleMs, TimeUnit.MILLISECONDS))
                .addLast("frameDecoder", new FrameDecoder(maxFrameBytes, gate, memory, metrics));
        if (sasl != null) {
            ch.pipeline().addLast("saslAuthenticator", new SaslAuthenticator(sasl, principals,
                    listener.listenerName().orElse(listener.securityProtocol().name), listener.securityProtocol(),
                    memory, failedAuthenticationDelayMs, metrics, time));
        }
        ch.pipeline()
                .addLast("dispatcher", new RequestDispatcher(registry, listener, principals, gate, memory, metrics,
                        time));
    }
}
