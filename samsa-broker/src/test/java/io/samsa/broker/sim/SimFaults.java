package io.samsa.broker.sim;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The fault injector: every few hundred simulated milliseconds it picks one fault at random: a broker crash (kill
 * -9, restarted later), a broker isolated from everyone, a broker cut from ZooKeeper only, one link between two
 * brokers cut, a ZooKeeper session expired at once (a long GC pause), a slow network (long delays, so much
 * reordering) for a while, or everything healed. A broker cut from ZooKeeper for the session timeout loses its
 * session; back in touch, it reads the metadata again, or registers again if its session is gone.
 *
 * <p>Single-threaded.
 */
public final class SimFaults {
    private final SimEventQueue events;
    private final SimNetwork network;
    private final SimMetadataStore store;
    private final SimConfig config;
    private final Random random;
    private final List<SimBroker> brokers;
    private final Consumer<String> trace;
    /** Per broker, counts cuts from ZooKeeper, so an expiry fires only if the cut it belongs to still holds. */
    private final int[] zkCuts;
    private boolean quiet;
    private int injected;

    public SimFaults(SimEventQueue events, SimNetwork network, SimMetadataStore store, SimConfig config, Random random,
                     List<SimBroker> brokers, Consumer<String> trace) {
        this.events = events;
        this.network = network;
        this.store = store;
        this.config = config;
        this.random = random;
        this.brokers = brokers;
        this.trace = trace;
        this.zkCuts = new int[brokers.size() + 1];
    }

    void start() {
        events.after(100 + random.nextInt(400), "fault", this::inject);
    }

    /** How many fault events ran (some pick a fault that does not apply, such as crashing a dead broker). */
    int injected() {
        return injected;
    }

    /** No new faults from now on; everything is healed and restarted (the end of a run). */
    void quiesce() {
        quiet = true;
        healAll();
        for (SimBroker b : brokers) {
            if (!b.alive()) {
                b.start(false);
            }
        }
    }

    private void inject() {
        if (quiet) {
            return;
        }
        injected++;
        SimBroker b = brokers.get(random.nextInt(brokers.size()));
        int other = brokers.get(random.nextInt(brokers.size())).id();
        switch (random.nextInt(8)) {
            case 0, 1 -> crash(b);
            case 2 -> isolate(b);
            case 3 -> cutFromZooKeeper(b);
            case 4 -> {
                if (other != b.id()) {
                    trace.accept("FAULT link " + b.id() + "-" + other + " cut");
                    network.cut(b.id(), other);
                    events.after(200 + random.nextInt(1500), "heal link", () -> network.heal(b.id(), other));
                }
            }
            case 5 -> {
                if (b.alive() && store.sessionAlive(b.session())) {
                    trace.accept("FAULT session of b" + b.id() + " expired");
                    store.expire(b.session());
                    network.sendReliably(SimNetwork.ZOOKEEPER, b.id(), "session expired", b::onSessionExpired);
                }
            }
            case 6 -> {
                trace.accept("FAULT slow network");
                network.setMaxDelayMs(config.slowNetDelayMs());
                events.after(300 + random.nextInt(1000), "network fast again",
                        () -> network.setMaxDelayMs(config.maxNetDelayMs()));
            }
            default -> {
                trace.accept("FAULT heal all");
                healAll();
            }
        }
        events.after(100 + random.nextInt(400), "fault", this::inject);
    }

    private void crash(SimBroker b) {
        if (!b.alive()) {
            return;
        }
        trace.accept("FAULT crash b" + b.id());
        b.crash();
        events.after(100 + random.nextInt(1500), "restart b" + b.id(), () -> {
            if (!b.alive()) {
                trace.accept("restart b" + b.id());
                b.start(false);
            }
        });
    }

    private void isolate(SimBroker b) {
        trace.accept("FAULT isolate b" + b.id());
        for (SimBroker o : brokers) {
            if (o != b) {
                network.cut(b.id(), o.id());
            }
        }
        network.cut(b.id(), SimNetwork.PRODUCER);
        cutFromZooKeeper(b);
        events.after(200 + random.nextInt(1500), "heal isolation b" + b.id(), () -> {
            for (SimBroker o : brokers) {
                network.heal(b.id(), o.id());
            }
            network.heal(b.id(), SimNetwork.PRODUCER);
        });
    }

    private void cutFromZooKeeper(SimBroker b) {
        if (!network.connected(b.id(), SimNetwork.ZOOKEEPER)) {
            return;
        }
        trace.accept("FAULT b" + b.id() + " cut from ZooKeeper");
        network.cut(b.id(), SimNetwork.ZOOKEEPER);
        int cut = ++zkCuts[b.id()];
        long session = b.session();
        events.after(config.sessionTimeoutMs(), "session timeout b" + b.id(), () -> {
            if (zkCuts[b.id()] == cut && !network.connected(b.id(), SimNetwork.ZOOKEEPER)) {
                trace.accept("session of b" + b.id() + " expired (cut off)");
                store.expire(session);
            }
        });
        events.after(200 + random.nextInt(1500), "heal ZooKeeper b" + b.id(), () -> reconnect(b));
    }

    private void reconnect(SimBroker b) {
        if (network.connected(b.id(), SimNetwork.ZOOKEEPER)) {
            return;
        }
        zkCuts[b.id()]++;
        network.heal(b.id(), SimNetwork.ZOOKEEPER);
        // Back in touch: the client reads the current state, or learns that its session expired.
        b.onSessionExpired();
        b.applyMetadata();
    }

    private void healAll() {
        for (SimBroker b : brokers) {
            reconnect(b);
        }
        network.healAll();
        network.setMaxDelayMs(config.maxNetDelayMs());
    }
}
