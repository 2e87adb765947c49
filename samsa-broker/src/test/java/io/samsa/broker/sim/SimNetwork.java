package io.samsa.broker.sim;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The simulated network between the brokers, ZooKeeper ({@link #ZOOKEEPER}) and the producer ({@link #PRODUCER}).
 * A message is delivered as an event after a random delay, so messages overtake each other (reordering); it is lost
 * when its link is cut at sending or at delivery, or by chance. Cut links model network partitions; a "slow" period
 * stretches every delay. The sender learns of a loss only by its own timeout, as over TCP.
 *
 * <p>Single-threaded; all randomness comes from the simulation's one {@link Random}.
 */
public final class SimNetwork {
    /** The node id of ZooKeeper and of the controller next to it. */
    public static final int ZOOKEEPER = 0;
    /** The node id of the producer. */
    public static final int PRODUCER = 100;

    private final SimEventQueue events;
    private final Random random;
    private final Set<Long> cut = new HashSet<>();
    private final double lossRate;
    private int maxDelayMs;

    public SimNetwork(SimEventQueue events, Random random, double lossRate, int maxDelayMs) {
        this.events = events;
        this.random = random;
        this.lossRate = lossRate;
        this.maxDelayMs = maxDelayMs;
    }

    private static long link(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    public boolean connected(int a, int b) {
        return !cut.contains(link(a, b));
    }

    public void cut(int a, int b) {
        cut.add(link(a, b));
    }

    public void heal(int a, int b) {
        cut.remove(link(a, b));
    }

    public void healAll() {
        cut.clear();
    }

    /** Every delay is drawn from 1..{@code maxDelayMs} from now on. */
    public void setMaxDelayMs(int maxDelayMs) {
        this.maxDelayMs = maxDelayMs;
    }

    /** Sends a message: {@code deliver} runs at the receiver after a delay, unless the message is lost. */
    public void send(int from, int to, String label, Runnable deliver) {
        if (random.nextDouble() < lossRate) {
            return;
        }
        sendReliably(from, to, label, deliver);
    }

    /**
     * Sends a message that is lost only to a cut link: ZooKeeper's watch notifications, which a session delivers
     * in order and without loss while it is connected (after a cut, the client reads again).
     */
    public void sendReliably(int from, int to, String label, Runnable deliver) {
        if (!connected(from, to)) {
            return;
        }
        long delay = 1 + random.nextInt(maxDelayMs);
        events.after(delay, label + " " + from + "->" + to, () -> {
            if (connected(from, to)) {
                deliver.run();
            }
        });
    }
}
