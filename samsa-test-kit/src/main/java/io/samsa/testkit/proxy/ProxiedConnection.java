package io.samsa.testkit.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection through a {@link TcpProxy}: the accepted ("front") channel, the channel to the target ("back"),
 * and the two {@link Pipe}s between them. It first reads until its proxy's {@link ConnectionClassifier} names the
 * node that opened it, registers on that {@link Link} with the {@link FaultNetwork}, and only then connects to the
 * target, or is HELD while the link is cut. Either channel closing closes the other. States: {@link ConnectionState}.
 *
 * <p>Threading: confined to the front channel's event loop, which the back channel shares; the network reaches it
 * through {@link #cut} and {@link #heal}, which hop onto that loop.
 */
final class ProxiedConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxiedConnection.class);
    /** Connecting to a local port either works at once or fails at once; this only bounds a pathological case. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final FaultNetwork network;
    private final Node target;
    private final int targetPort;
    private final ConnectionClassifier classifier;
    private ConnectionState state = ConnectionState.CLASSIFYING;
    private Channel front;
    private Channel back;
    /** What the front sent before the pipes exist: classification needs it, and the target must get it first. */
    private ByteBuf firstBytes;
    private Link link;
    private LinkState linkState;
    private boolean silenced;
    private Pipe up;
    private Pipe down;

    ProxiedConnection(FaultNetwork network, Node target, int targetPort, ConnectionClassifier classifier) {
        this.network = network;
        this.target = target;
        this.targetPort = targetPort;
        this.classifier = classifier;
    }

    EventLoop eventLoop() {
        return front.eventLoop();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        front = ctx.channel();
        firstBytes = ctx.alloc().buffer();
        classify();
        if (state == ConnectionState.CLASSIFYING) {
            front.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        if (state == ConnectionState.OPEN) {
            up.accept(bytes);
            return;
        }
        if (state == ConnectionState.CLOSED) {
            bytes.release();
            return;
        }
        // CLASSIFYING, or a read that was already under way when the connection was held or began connecting.
        firstBytes.writeBytes(bytes);
        bytes.release();
        if (state == ConnectionState.CLASSIFYING) {
            classify();
            if (state == ConnectionState.CLASSIFYING) {
                front.read();
            }
        }
    }

    private void classify() {
        Node source = classifier.classify(firstBytes);
        if (source == null) {
            if (firstBytes.readableBytes() > RequestHeaderPrefix.MAX_BYTES) {
                log.warn("closing a connection to {}: no classification after {} bytes", target,
                        firstBytes.readableBytes());
                close();
            }
            return;
        }
        link = new Link(source, target);
        linkState = network.register(this, link);
        if (linkState.cut != null) {
            moveTo(ConnectionState.HELD);
        } else {
            connect();
        }
    }

    private void connect() {
        moveTo(ConnectionState.CONNECTING);
        ChannelFuture f = new Bootstrap().group(front.eventLoop()).channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new BackHandler())
                .connect("127.0.0.1", targetPort);
        back = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                // The target is down: the front sees its connection closed, as through a real load balancer.
                close();
            } else if (state == ConnectionState.CONNECTING) {
                opened();
            }
        });
    }

    private void opened() {
        moveTo(ConnectionState.OPEN);
        up = new Pipe(front, back, network.time()::nanoseconds, () -> linkState.delayNanos, () -> !silenced);
        down = new Pipe(back, front, network.time()::nanoseconds, () -> linkState.delayNanos, () -> !silenced);
        ByteBuf first = firstBytes;
        firstBytes = null;
        up.accept(first);
        // accept() of nothing (a fixed classifier decides before any byte) decides nothing about reading.
        up.updateReading();
        down.updateReading();
    }

    /** Applies a cut of this connection's link; on any thread. */
    void cut(CutMode mode) {
        eventLoop().execute(() -> {
            if (mode == CutMode.DROP) {
                close();
            } else {
                silenced = true;
                updatePipes();
            }
        });
    }

    /** Lets a held or silenced connection through again; on any thread. */
    void heal() {
        eventLoop().execute(() -> {
            silenced = false;
            if (state == ConnectionState.HELD) {
                connect();
            } else {
                updatePipes();
            }
        });
    }

    private void updatePipes() {
        if (state == ConnectionState.OPEN) {
            up.drain();
            down.drain();
        }
    }

    private void moveTo(ConnectionState next) {
        if (!next.validPrevious().contains(state)) {
            throw new IllegalStateException("proxied connection " + link + ": " + state + " -> " + next);
        }
        state = next;
    }

    /** Closes both sides and forgets the connection; idempotent. */
    void close() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        moveTo(ConnectionState.CLOSED);
        if (firstBytes != null) {
            firstBytes.release();
            firstBytes = null;
        }
        if (up != null) {
            up.discard();
            down.discard();
        }
        front.close();
        if (back != null) {
            back.close();
        }
        if (link != null) {
            network.unregister(this, link);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == ConnectionState.OPEN) {
            down.updateReading();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("proxied connection {} failed on the front", link, cause);
        close();
    }

    /** The back channel's end: what the target sends goes down the other pipe. Same event loop. */
    private final class BackHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (state == ConnectionState.OPEN) {
                down.accept((ByteBuf) msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            close();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (state == ConnectionState.OPEN) {
                up.updateReading();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("proxied connection {} failed on the back", link, cause);
            close();
        }
    }
}
