package io.samsa.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's listeners: accepts connections on each and serves the Kafka protocol with the handlers of an
 * {@link ApiRegistry}; a request knows its listener ({@link Request#listenerName()}). Uses epoll where available
 * (Linux), NIO elsewhere; one acceptor thread and one set of network threads serve every listener. Owns the
 * broker-wide request memory ({@code queued.max.request.bytes}) and the {@link SocketServerMetrics} of all
 * listeners, registered over JMX as {@code io.samsa.network:type=SocketServer,port=<first listener's port>} while
 * bound.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once. Thread-safe.
 */
public final class SocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

    private final SocketServerConfig config;
    private final ApiRegistry registry;
    private final RequestMemory memory;
    private final SocketServerMetrics metrics;
    private final ConnectionQuotas connectionQuotas;
    private final Time time;
    private ObjectName mbeanName;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    /** Bound listeners by name, in configuration order. */
    private final Map<String, Channel> serverChannels = new LinkedHashMap<>();
    private final Map<String, KafkaChannelInitializer> initializers = new ConcurrentHashMap<>();

    public SocketServer(SocketServerConfig config, ApiRegistry registry) {
        this(config, registry, Time.SYSTEM);
    }

    /** With {@code time} measuring connection creation rates. */
    public SocketServer(SocketServerConfig config, ApiRegistry registry, Time time) {
        this.config = config;
        this.registry = registry;
        this.time = time;
        // Without limits nothing is counted: the accept path stays as Netty has it.
        // Always: IP connection rates can be set at any time (kafka-configs --entity-type ips).
        this.connectionQuotas = new ConnectionQuotas(config.connectionLimits(), time);
        this.memory = new RequestMemory(RequestMemory.limitFor(config.queuedMaxRequestBytes()));
        this.metrics = new SocketServerMetrics(memory);
    }

    /** Binds every listener; throws if a port is taken ({@link #close()} releases what was bound). */
    public synchronized void start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        Class<? extends ServerChannel> channelType;
        if (epoll) {
            bossGroup = new EpollEventLoopGroup(1, new DefaultThreadFactory("samsa-acceptor", true));
            workerGroup = new EpollEventLoopGroup(config.networkThreads(), new DefaultThreadFactory("samsa-network", true));
            channelType = EpollServerSocketChannel.class;
        } else {
            bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("samsa-acceptor", true));
            workerGroup = new NioEventLoopGroup(config.networkThreads(), new DefaultThreadFactory("samsa-network", true));
            channelType = NioServerSocketChannel.class;
        }
        for (Endpoint listener : config.listeners()) {
            String host = listener.host() == null || listener.host().isEmpty() ? "0.0.0.0" : listener.host();
            Channel channel = bootstrap(channelType, listener).bind(host, listener.port()).sync().channel();
            serverChannels.put(nameOf(listener), channel);
            log.info("Listening on {} for {} ({}); queued.max.request.bytes bound {}", channel.localAddress(),
                    nameOf(listener), epoll ? "epoll" : "nio", memory.limit());
        }
        registerMBean();
    }

    private ServerBootstrap bootstrap(Class<? extends ServerChannel> channelType, Endpoint listener) {
        ServerBootstrap b = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(initializers.computeIfAbsent(nameOf(listener), name -> new KafkaChannelInitializer(
                        registry, listener, config.tls().get(name), principalBuilder(name),
                        config.socketRequestMaxBytes(), config.connectionsMaxIdleMs(), memory, metrics,
                        config.sasl().get(name), config.failedAuthenticationDelayMs(), time)));
        b.handler(new ConnectionAdmission(nameOf(listener), connectionQuotas, time));
        if (config.sendBufferBytes() > 0) {
            b.childOption(ChannelOption.SO_SNDBUF, config.sendBufferBytes());
        }
        if (config.receiveBufferBytes() > 0) {
            b.childOption(ChannelOption.SO_RCVBUF, config.receiveBufferBytes());
        }
        return b;
    }

    /**
     * Makes {@code context} the TLS context of connections accepted on {@code listener} from now on (a reloaded key
     * or trust store); open connections keep theirs, as in Kafka.
     */
    public void replaceTls(String listener, SslContext context) {
        KafkaChannelInitializer initializer = initializers.get(listener);
        if (initializer == null) {
            throw new IllegalArgumentException("No listener " + listener);
        }
        initializer.tls(context);
    }

    /** Kafka's own principal builder, with the listener's {@code ssl.principal.mapping.rules}. */
    private KafkaPrincipalBuilder principalBuilder(String listener) {
        return new DefaultKafkaPrincipalBuilder(null,
                SslPrincipalMapper.fromRules(config.principalMappingRules().getOrDefault(listener, "DEFAULT")));
    }

    private static String nameOf(Endpoint listener) {
        return listener.listenerName().orElse(listener.securityProtocol().name);
    }

    private void registerMBean() {
        try {
            mbeanName = new ObjectName("io.samsa.network:type=SocketServer,port=" + port());
            ManagementFactory.getPlatformMBeanServer().registerMBean(metrics, mbeanName);
        } catch (JMException e) {
            // Metrics are not worth failing start-up for (a second listener on the same port cannot exist anyway).
            log.warn("Cannot register the listener's metrics over JMX", e);
            mbeanName = null;
        }
    }

    /** The listener's gauges and counters (also over JMX). */
    /**
     * Sets the {@code connection_creation_rate} of IP entities: per-address overrides and the {@code <default>}
     * ({@link Integer#MAX_VALUE} for none); applies to connections accepted from now on.
     */
    public void ipConnectionRates(Map<InetAddress, Integer> overrides, int defaultRate) {
        connectionQuotas.ipConnectionRates(overrides, defaultRate);
    }

    public SocketServerMetrics metrics() {
        return metrics;
    }

    /** The first listener's bound port (the real one when configured with 0). */
    public int port() {
        return port(nameOf(config.listeners().get(0)));
    }

    /** The bound port of the listener named {@code listenerName}. */
    public int port(String listenerName) {
        Channel channel = serverChannels.get(listenerName);
        if (channel == null) {
            throw new IllegalArgumentException("no listener " + listenerName + " is bound");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (mbeanName != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
            } catch (JMException e) {
                log.warn("Cannot unregister {}", mbeanName, e);
            }
            mbeanName = null;
        }
        for (Channel channel : serverChannels.values()) {
            channel.close().syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        connectionQuotas.close();
    }
}
