package io.samsa.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The listener's gauges and counters. Connection-level pieces (decoders, read gates, dispatchers) update it on their
 * event loops; JMX and tests read it from any thread. Gauges over connections are computed when read, so the request
 * path pays nothing for them. Thread-safe.
 */
public final class SocketServerMetrics implements SocketServerMetricsMBean {
    private final RequestMemory memory;
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong requestBufferBytes = new AtomicLong();
    private final AtomicInteger muted = new AtomicInteger();
    private final AtomicInteger waitingForMemory = new AtomicInteger();
    private final LongAdder memoryWaits = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();
    private final LongAdder reauthenticated = new LongAdder();
    private final LongAdder expiredClosed = new LongAdder();
    private final LongAdder errorClosed = new LongAdder();

    SocketServerMetrics(RequestMemory memory) {
        this.memory = memory;
    }

    void connectionOpened(Channel channel) {
        connections.add(channel);
        channel.closeFuture().addListener(f -> connections.remove(channel));
    }

    void requestBuffer(long deltaBytes) {
        requestBufferBytes.addAndGet(deltaBytes);
    }

    void muted(int delta) {
        muted.addAndGet(delta);
    }

    void waitingForMemory(int delta) {
        waitingForMemory.addAndGet(delta);
        if (delta > 0) {
            memoryWaits.increment();
        }
    }

    void idleClosed() {
        idleClosed.increment();
    }

    void reauthenticated() {
        reauthenticated.increment();
    }

    void expiredClosed() {
        expiredClosed.increment();
    }

    void errorClosed() {
        errorClosed.increment();
    }

    @Override
    public long getQueuedRequestBytes() {
        return memory.reserved();
    }

    @Override
    public long getQueuedRequestBytesLimit() {
        return memory.limit();
    }

    @Override
    public long getQueuedRequestBytesPeak() {
        return memory.peak();
    }

    @Override
    public long getRequestBufferBytes() {
        return requestBufferBytes.get();
    }

    @Override
    public long getPendingResponseBytes() {
        long sum = 0;
        for (Channel c : connections) {
            sum += pendingBytes(c);
        }
        return sum;
    }

    @Override
    public long getMaxPendingResponseBytesPerConnection() {
        long max = 0;
        for (Channel c : connections) {
            max = Math.max(max, pendingBytes(c));
        }
        return max;
    }

    /** Bytes queued in Netty's outbound buffer (a volatile read; file regions count as nothing, as for writability). */
    private static long pendingBytes(Channel c) {
        ChannelOutboundBuffer out = c.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    @Override
    public int getConnectionCount() {
        return connections.size();
    }

    @Override
    public int getMutedConnections() {
        return muted.get();
    }

    @Override
    public int getConnectionsWaitingForMemory() {
        return waitingForMemory.get();
    }

    @Override
    public long getMemoryWaits() {
        return memoryWaits.sum();
    }

    @Override
    public long getIdleConnectionsClosed() {
        return idleClosed.sum();
    }

    @Override
    public long getReauthentications() {
        return reauthenticated.sum();
    }

    @Override
    public long getExpiredConnectionsKilled() {
        return expiredClosed.sum();
    }

    @Override
    public long getErrorConnectionsClosed() {
        return errorClosed.sum();
    }
}
