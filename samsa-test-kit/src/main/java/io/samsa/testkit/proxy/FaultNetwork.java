package io.samsa.testkit.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Time;

/**
 * The network between a cluster's nodes as a test controls it: the {@link TcpProxy}s that stand in front of every
 * broker and ZooKeeper, the rules for every {@link Link} (cut or not, delay), and the live connections of each link.
 * A test cuts, heals and delays links here; each operation has taken effect on every existing connection of the link
 * when it returns (or it throws after {@link #APPLY_TIMEOUT}), and applies to every later connection.
 *
 * <p>A link exists as soon as a rule or a connection names it, so a test may cut a link before its first
 * connection. The network knows the nodes its proxies front, the nodes it has seen open connections, and
 * {@link Node#CLIENTS}; {@link #isolate} cuts a node off all of them.
 *
 * <p>Thread-safe: tests call it from any thread; proxied connections register and unregister from their event
 * loops. One lock guards the link table; no connection work runs under it.
 */
public final class FaultNetwork implements AutoCloseable {
    /** Bound on applying one operation to the existing connections of the links it touches. */
    static final Duration APPLY_TIMEOUT = Duration.ofSeconds(10);

    private final Time time;
    private final EventLoopGroup group;
    private final Object lock = new Object();
    private final Map<Link, LinkState> links = new HashMap<>();
    private final Set<Node> nodes = new LinkedHashSet<>(List.of(Node.CLIENTS));
    private final List<TcpProxy> proxies = new ArrayList<>();
    private boolean closed;

    /** A network on the system clock with two event-loop threads, plenty for a test cluster's traffic. */
    public FaultNetwork() {
        this(Time.SYSTEM, 2);
    }

    public FaultNetwork(Time time, int threads) {
        this.time = time;
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("samsa-fault-proxy", true));
    }

    /**
     * Starts a proxy on a free port of 127.0.0.1 in front of {@code target}, listening at {@code targetPort}. Its
     * connections are classified by {@code classifier}: {@link ClientIdClassifier} in front of a broker,
     * {@link ConnectionClassifier#fixed} in front of ZooKeeper (one proxy per broker).
     */
    public TcpProxy startProxy(Node target, int targetPort, ConnectionClassifier classifier)
            throws InterruptedException {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the network is closed");
            }
            TcpProxy proxy = TcpProxy.start(this, group, target, targetPort, classifier);
            proxies.add(proxy);
            nodes.add(target);
            return proxy;
        }
    }

    /** Cuts {@code from}'s connections to {@code to}, dropping those open now ({@link CutMode#DROP}). */
    public void cut(Node from, Node to) {
        cut(new Link(from, to), CutMode.DROP);
    }

    /** Cuts {@code link}; {@code mode} says what happens to its open connections. */
    public void cut(Link link, CutMode mode) {
        apply(List.of(link), state -> state.cut = mode, c -> c.cut(mode));
    }

    /** Cuts both links between {@code a} and {@code b}: neither reaches the other. */
    public void partition(Node a, Node b) {
        apply(List.of(new Link(a, b), new Link(b, a)), state -> state.cut = CutMode.DROP, c -> c.cut(CutMode.DROP));
    }

    /** Cuts every link to and from {@code node}: other brokers, ZooKeeper and clients alike. */
    public void isolate(Node node) {
        List<Link> cut = new ArrayList<>();
        for (Node other : knownNodes()) {
            if (!other.equals(node)) {
                cut.add(new Link(node, other));
                cut.add(new Link(other, node));
            }
        }
        apply(cut, state -> state.cut = CutMode.DROP, c -> c.cut(CutMode.DROP));
    }

    /** Lets {@code from}'s connections to {@code to} through again; held connections go on to their target. */
    public void heal(Node from, Node to) {
        heal(new Link(from, to));
    }

    public void heal(Link link) {
        apply(List.of(link), state -> state.cut = null, ProxiedConnection::heal);
    }

    /** Heals every cut link and removes every delay. */
    public void healAll() {
        List<Link> all;
        synchronized (lock) {
            all = new ArrayList<>(links.keySet());
        }
        apply(all, state -> {
            state.cut = null;
            state.delayNanos = 0;
        }, ProxiedConnection::heal);
    }

    /** Delays every chunk of bytes on {@code from}'s connections to {@code to}, both ways, by {@code delay}. */
    public void delay(Node from, Node to, Duration delay) {
        long nanos = delay.toNanos();
        apply(List.of(new Link(from, to)), state -> state.delayNanos = nanos, c -> { });
    }

    /** The links that are cut now, in a stable order. */
    public Set<Link> cutLinks() {
        Set<Link> out = new TreeSet<>((x, y) -> x.toString().compareTo(y.toString()));
        synchronized (lock) {
            links.forEach((link, state) -> {
                if (state.cut != null) {
                    out.add(link);
                }
            });
        }
        return out;
    }

    /** How many connections {@code link} carries or holds now (classified, not yet closed). */
    public int connections(Link link) {
        synchronized (lock) {
            LinkState state = links.get(link);
            return state == null ? 0 : state.connections.size();
        }
    }

    /** The nodes {@link #isolate} cuts off each other: proxied targets, sources seen, and clients. */
    public Set<Node> knownNodes() {
        synchronized (lock) {
            return new LinkedHashSet<>(nodes);
        }
    }

    Time time() {
        return time;
    }

    /** Called by a connection once classified, on its event loop: the state it must obey from now on. */
    LinkState register(ProxiedConnection connection, Link link) {
        synchronized (lock) {
            nodes.add(link.from());
            LinkState state = links.computeIfAbsent(link, l -> new LinkState());
            state.connections.add(connection);
            return state;
        }
    }

    void unregister(ProxiedConnection connection, Link link) {
        synchronized (lock) {
            LinkState state = links.get(link);
            if (state != null) {
                state.connections.remove(connection);
            }
        }
    }

    /**
     * Changes the rules of {@code targets} under the lock, so a connection registering concurrently either sees the
     * new rule or is in the snapshot; then applies the change to the snapshot, outside the lock, and waits for it.
     */
    private void apply(List<Link> targets, Consumer<LinkState> rule, Consumer<ProxiedConnection> action) {
        List<ProxiedConnection> affected = new ArrayList<>();
        synchronized (lock) {
            for (Link link : targets) {
                LinkState state = links.computeIfAbsent(link, l -> new LinkState());
                rule.accept(state);
                affected.addAll(state.connections);
            }
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (ProxiedConnection c : affected) {
            action.accept(c);
            // Tasks on one event loop run in order: once this marker runs, the action above has run.
            CompletableFuture<Void> marker = new CompletableFuture<>();
            c.eventLoop().execute(() -> marker.complete(null));
            done.add(marker);
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(APPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing " + targets, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("changing " + targets + " did not reach every connection within "
                    + APPLY_TIMEOUT, e);
        }
    }

    /** Stops every proxy and closes every connection. */
    @Override
    public void close() {
        List<TcpProxy> toClose;
        List<ProxiedConnection> open = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(proxies);
            links.values().forEach(s -> open.addAll(s.connections));
        }
        toClose.forEach(TcpProxy::close);
        open.forEach(c -> c.cut(CutMode.DROP));
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
