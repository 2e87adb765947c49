package io.samsa.broker;

import io.netty.util.HashedWheelTimer;
import io.samsa.common.DelayTimer;
import io.samsa.network.NamedThreads;
import java.util.concurrent.TimeUnit;

/**
 * The broker's {@link DelayTimer}: the timeouts of waiting fetches, acks=all produces and the coordinators' waits,
 * on a hashed timing wheel (Netty's) with a 10 ms tick, on one thread ({@code samsa-delay-timer}).
 *
 * <p>Why a wheel: nearly every timeout is cancelled long before it is due (a follower's fetch waits up to 500 ms and
 * is answered within milliseconds), and a priority-queue executor woke its thread each time a new timeout became its
 * earliest, which under replicated load was once per waiting fetch. Here scheduling and cancelling only queue the
 * change for the next tick, at the cost of firing up to one tick late, which no timeout the broker keeps needs
 * finer than. Kafka's purgatory makes the same trade with its own timing wheel.
 *
 * <p>Tasks must be short (they complete futures). Thread-safe; {@link #close()} once, at shutdown.
 */
final class WheelDelayTimer implements DelayTimer, AutoCloseable {
    private static final long TICK_MS = 10;
    private static final int TICKS_PER_WHEEL = 512;

    private final HashedWheelTimer wheel = new HashedWheelTimer(NamedThreads.exactly("samsa-delay-timer"), TICK_MS,
            TimeUnit.MILLISECONDS, TICKS_PER_WHEEL);

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        io.netty.util.Timeout t = wheel.newTimeout(timeout -> task.run(), Math.max(0L, delayMs), TimeUnit.MILLISECONDS);
        return t::cancel;
    }

    @Override
    public void close() {
        wheel.stop();
    }
}
