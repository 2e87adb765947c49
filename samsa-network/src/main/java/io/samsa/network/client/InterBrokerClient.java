package io.samsa.network.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.samsa.network.NamedThreads;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.utils.Time;

/**
 * Sends requests to other brokers of the cluster: one connection per destination, opened on first use and again
 * after it closes (not sooner than {@code reconnectBackoffMs} after a failed attempt), each negotiating versions with
 * ApiVersions first (see {@link BrokerConnection}).
 *
 * <p>Used by the follower fetchers (one client each) and the transaction coordinator. Lifecycle: construct, use, {@link #close()} once. Thread-safe.
 */
public final class InterBrokerClient implements AutoCloseable {
    private final ClientConfig config;
    private final BrokerAddresses addresses;
    private final Time time;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<Integer, BrokerConnection> connections = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastFailureMs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public InterBrokerClient(ClientConfig config, BrokerAddresses addresses, Time time) {
        this(config, addresses, time, new DefaultThreadFactory("samsa-broker-client", true));
    }

    /**
     * A client whose one thread is named {@code threadName} exactly: a follower fetcher runs on it
     * ({@link #executor()}), reading its leader's connection and appending on the same thread.
     */
    public InterBrokerClient(ClientConfig config, BrokerAddresses addresses, Time time, String threadName) {
        this(config, addresses, time, NamedThreads.exactly(threadName));
    }

    private InterBrokerClient(ClientConfig config, BrokerAddresses addresses, Time time, ThreadFactory threads) {
        this.config = config;
        this.addresses = addresses;
        this.time = time;
        boolean epoll = Epoll.isAvailable();
        this.group = epoll ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMs());
    }

    /**
     * The client's one thread: every response completes on it, and tasks run there see them without a hand-off.
     */
    public ScheduledExecutorService executor() {
        return group.next();
    }

    /**
     * Sends a request to {@code brokerId} at the newest version both sides support. The future fails with
     * {@link DisconnectException} if the broker is unknown, unreachable or the connection drops, with
     * {@link org.apache.kafka.common.errors.TimeoutException} after {@code timeoutMs} without an answer.
     */
    public CompletableFuture<AbstractResponse> send(int brokerId, AbstractRequest.Builder<?> request, long timeoutMs) {
        return exchange(brokerId, request, timeoutMs, false).thenApply(RetainedResponse::response);
    }

    /**
     * As {@link #send}, but the response is parsed in place, without copying it off the connection: a follower's
     * fetch response carries megabytes of records that are only written to the log and then dropped. The caller
     * must close the response once done with it (also when it no longer wants it: see {@link RetainedResponse}).
     */
    public CompletableFuture<RetainedResponse> sendRetained(int brokerId, AbstractRequest.Builder<?> request,
                                                            long timeoutMs) {
        return exchange(brokerId, request, timeoutMs, true);
    }

    private CompletableFuture<RetainedResponse> exchange(int brokerId, AbstractRequest.Builder<?> request,
                                                         long timeoutMs, boolean retain) {
        if (closed) {
            return CompletableFuture.failedFuture(new DisconnectException("The inter-broker client is closed"));
        }
        BrokerConnection connection = connections.get(brokerId);
        if (connection == null || connection.isClosed()) {
            Long failedAt = lastFailureMs.get(brokerId);
            if (failedAt != null && time.milliseconds() - failedAt < config.reconnectBackoffMs()) {
                return CompletableFuture.failedFuture(new DisconnectException("Broker " + brokerId
                        + " was unreachable less than " + config.reconnectBackoffMs() + " ms ago"));
            }
            Optional<InetSocketAddress> address = addresses.address(brokerId);
            if (address.isEmpty()) {
                return CompletableFuture.failedFuture(new DisconnectException("Broker " + brokerId
                        + " is not registered"));
            }
            connection = connect(brokerId, address.get());
        }
        return connection.send(request, timeoutMs, retain).whenComplete((r, e) -> {
            if (e instanceof DisconnectException || (e != null && e.getCause() instanceof DisconnectException)) {
                lastFailureMs.put(brokerId, time.milliseconds());
            }
        });
    }

    /**
     * TLS towards {@code address}, checking the certificate against its host name when asked (Kafka's
     * {@code ssl.endpoint.identification.algorithm=https}). Requests written before the handshake ends wait in
     * the handler.
     */
    private SslHandler tlsHandler(SocketChannel ch, InetSocketAddress address) {
        SslHandler handler = config.tls().newHandler(ch.alloc(), address.getHostString(), address.getPort());
        if (config.verifyHostname()) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    /** Opens a connection without blocking; requests sent on it wait until it is ready or fails. */
    private synchronized BrokerConnection connect(int brokerId, InetSocketAddress address) {
        BrokerConnection existing = connections.get(brokerId);
        if (existing != null && !existing.isClosed()) {
            return existing;
        }
        EventLoop loop = group.next();
        BrokerConnection connection = new BrokerConnection(brokerId, config.clientId(), loop);
        Bootstrap b = bootstrap.clone(loop).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                connection.attach(ch);
                if (config.tls() != null) {
                    ch.pipeline().addLast("ssl", tlsHandler(ch, address));
                }
                ch.pipeline()
                        .addLast("frameDecoder", new ResponseFrameDecoder(config.maxResponseBytes()))
                        .addLast("connection", connection);
            }
        });
        b.connect(address).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                connection.connected();
            } else {
                lastFailureMs.put(brokerId, time.milliseconds());
                connection.close(f.cause());
            }
        });
        connections.put(brokerId, connection);
        return connection;
    }

    @Override
    public void close() {
        closed = true;
        for (BrokerConnection c : connections.values()) {
            c.close(new DisconnectException("client closed"));
        }
        connections.clear();
        io.netty.util.concurrent.Future<?> terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        // Closed from its own thread (a fetcher stopping itself), the thread ends after the current task.
        if (!group.next().inEventLoop()) {
            terminated.syncUninterruptibly();
        }
    }
}
