package io.samsa.broker.sim;

import java.util.List;

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
    private final SimContext ctx;
    private final List<SimBroker> brokers;
    /** Per broker, counts cuts from ZooKeeper, so an expiry fires only if the cut it belongs to still holds. */
    private final int[] zkCuts;
    private boolean quiet;
    private int injected;

    public SimFaults(SimContext ctx, List<SimBroker> brokers) {
        this.ctx = ctx;
        this.brokers = brokers;
        this.zkCuts = new int[brokers.size() + 1];
    }

    void start() {
        ctx.events().after(100 + ctx.random().nextInt(400), "fault", this::inject);
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
        SimBroker b = brokers.get(ctx.random().nextInt(brokers.size()));
        int other = brokers.get(ctx.random().nextInt(brokers.size())).id();
        switch (ctx.random().nextInt(8)) {
            case 0, 1 -> crash(b);
            case 2 -> isolate(b);
            case 3 -> cutFromZooKeeper(b);
            case 4 -> {
                if (other != b.id()) {
                    ctx.trace().accept("FAULT link " + b.id() + "-" + other + " cut");
                    ctx.network().cut(b.id(), other);
                    ctx.events().after(200 + ctx.random().nextInt(1500), "heal link", () -> ctx.network().heal(b.id(), other));
                }
            }
            case 5 -> {
                if (b.alive() && ctx.store().sessionAlive(b.session())) {
                    ctx.trace().accept("FAULT session of b" + b.id() + " expired");
                    ctx.store().expire(b.session());
                    ctx.network().sendReliably(SimNetwork.ZOOKEEPER, b.id(), "session expired", b::onSessionExpired);
                }
            }
            case 6 -> {
                ctx.trace().accept("FAULT slow network");
                ctx.network().setMaxDelayMs(ctx.config().slowNetDelayMs());
                ctx.events().after(300 + ctx.random().nextInt(1000), "network fast again",
                        () -> ctx.network().setMaxDelayMs(ctx.config().maxNetDelayMs()));
            }
            default -> {
                ctx.trace().accept("FAULT heal all");
                healAll();
            }
        }
        ctx.events().after(100 + ctx.random().nextInt(400), "fault", this::inject);
    }

    private void crash(SimBroker b) {
        if (!b.alive()) {
            return;
        }
        ctx.trace().accept("FAULT crash b" + b.id());
        b.crash();
        ctx.events().after(100 + ctx.random().nextInt(1500), "restart b" + b.id(), () -> {
            if (!b.alive()) {
                ctx.trace().accept("restart b" + b.id());
                b.start(false);
            }
        });
    }

    private void isolate(SimBroker b) {
        ctx.trace().accept("FAULT isolate b" + b.id());
        for (SimBroker o : brokers) {
            if (o != b) {
                ctx.network().cut(b.id(), o.id());
            }
        }
        ctx.network().cut(b.id(), SimNetwork.PRODUCER);
        cutFromZooKeeper(b);
        ctx.events().after(200 + ctx.random().nextInt(1500), "heal isolation b" + b.id(), () -> {
            for (SimBroker o : brokers) {
                ctx.network().heal(b.id(), o.id());
            }
            ctx.network().heal(b.id(), SimNetwork.PRODUCER);
        });
    }

    private void cutFromZooKeeper(SimBroker b) {
        if (!ctx.network().connected(b.id(), SimNetwork.ZOOKEEPER)) {
            return;
        }
        ctx.trace().accept("FAULT b" + b.id() + " cut from ZooKeeper");
        ctx.network().cut(b.id(), SimNetwork.ZOOKEEPER);
        int cut = ++zkCuts[b.id()];
        long session = b.session();
        ctx.events().after(ctx.config().sessionTimeoutMs(), "session timeout b" + b.id(), () -> {
            if (zkCuts[b.id()] == cut && !ctx.network().connected(b.id(), SimNetwork.ZOOKEEPER)) {
                ctx.trace().accept("session of b" + b.id() + " expired (cut off)");
                ctx.store().expire(session);
            }
        });
        ctx.events().after(200 + ctx.random().nextInt(1500), "heal ZooKeeper b" + b.id(), () -> reconnect(b));
    }

    private void reconnect(SimBroker b) {
        if (ctx.network().connected(b.id(), SimNetwork.ZOOKEEPER)) {
            return;
        }
        zkCuts[b.id()]++;
        ctx.network().heal(b.id(), SimNetwork.ZOOKEEPER);
        // Back in touch: the client reads the current state, or learns that its session expired.
        b.onSessionExpired();
        b.applyMetadata();
    }

    private void healAll() {
        for (SimBroker b : brokers) {
            reconnect(b);
        }
        ctx.network().healAll();
        ctx.network().setMaxDelayMs(ctx.config().maxNetDelayMs());
    }
}
