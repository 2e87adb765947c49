package io.samsa.network;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ThreadFactory;

/**
 * Netty-friendly daemon threads with exactly the given name, for single-thread components whose thread operators
 * look for by name ({@code samsa-replica-fetcher-1-0}, {@code samsa-delay-timer}): Netty's own factory appends pool
 * and thread numbers. Stateless.
 */
public final class NamedThreads {
    private NamedThreads() {
    }

    /** Every thread it makes is called {@code name}; meant for one thread. */
    public static ThreadFactory exactly(String name) {
        return new DefaultThreadFactory(name, true) {
            @Override
            protected Thread newThread(Runnable r, String numbered) {
                return super.newThread(r, name);
            }
        };
    }
}
