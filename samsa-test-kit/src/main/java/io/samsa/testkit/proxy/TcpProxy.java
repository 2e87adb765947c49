package io.samsa.testkit.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A listening port on 127.0.0.1 in front of one target port: every connection accepted here becomes a
 * {@link ProxiedConnection} to the target, classified by this proxy's {@link ConnectionClassifier} and subject to
 * the {@link FaultNetwork}'s rules for its link. Created by {@link FaultNetwork#startProxy}; its port stays the
 * same for its whole life, so what points at it (an advertised listener, a zookeeper.connect) stays valid across
 * restarts of the target.
 *
 * <p>Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final Node target;
    private final int targetPort;
    private final Channel server;

    private TcpProxy(Node target, int targetPort, Channel server) {
        this.target = target;
        this.targetPort = targetPort;
        this.server = server;
    }

    static TcpProxy start(FaultNetwork network, EventLoopGroup group, Node target, int targetPort,
                          ConnectionClassifier classifier) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ProxiedConnection(network, target, targetPort, classifier));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return new TcpProxy(target, targetPort, server);
    }

    /** Where to connect instead of the target. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** "127.0.0.1:port". */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public Node target() {
        return target;
    }

    public int targetPort() {
        return targetPort;
    }

    /** Stops accepting; connections already accepted are the network's to close. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return "proxy " + address() + " -> " + target + " at 127.0.0.1:" + targetPort;
    }
}
