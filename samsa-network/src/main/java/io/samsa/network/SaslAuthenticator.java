package io.samsa.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.SaslAuthenticationContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SASL stage of a connection on a SASL_PLAINTEXT or SASL_SSL listener, between the frame decoder and the
 * {@link RequestDispatcher}. Until the client has authenticated it lets through ApiVersions only, answers SaslHandshake
 * (v1) and SaslAuthenticate (v0-2) itself, and closes the connection on any other request, as Kafka's
 * {@code SaslServerAuthenticator} does. On success it fires {@link SaslAuthenticated} down the pipeline and from then
 * on passes every frame through. A failed login is answered with SASL_AUTHENTICATION_FAILED after
 * {@code connection.failed.authentication.delay.ms}, then the connection closes.
 *
 * <p>Re-authentication (KIP-368): with {@code connections.max.reauth.ms} set for the mechanism, SaslAuthenticate
 * tells the client how long its session lasts; a SaslHandshake on the authenticated connection then starts a new
 * exchange with the same mechanism, which must end in the same principal, and a session that ran out closes the
 * connection at its next request. Requests may still be in flight then: the client keeps any answer that is not its
 * SASL one for later (kafka-clients' SaslClientAuthenticator), so dispatcher answers may come before, between or
 * after the SASL answers.
 *
 * <p>Ordering: frames are read one at a time on the event loop and this stage handles its own synchronously, and the
 * only request it lets through before authentication is ApiVersions (answered at once by the dispatcher), so no
 * answer of the dispatcher's can be overtaken and the principal is set before the next frame is read.
 *
 * <p>One instance per connection; all state is touched on its event loop.
 */
final class SaslAuthenticator extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SaslAuthenticator.class);

    /** Where the exchange stands. */
    enum State { HANDSHAKE, AUTHENTICATE, AUTHENTICATED, FAILED }

    private final SaslMechanisms mechanisms;
    private final KafkaPrincipalBuilder principals;
    private final String listenerName;
    private final SecurityProtocol protocol;
    private final RequestMemory memory;
    private final long failedAuthenticationDelayMs;
    private final SocketServerMetrics metrics;
    private final Time time;
    private State state = State.HANDSHAKE;
    private String mechanism;
    private SaslServer server;
    /** The authenticated principal (kept through re-authentications, which may not change it). */
    private KafkaPrincipal principal;
    /** When the session ends unless re-authenticated ({@link Time#nanoseconds()}); null when it never does. */
    private Long sessionExpiryNanos;
    private long lastReauthStartNanos;
    private boolean reauthenticating;
    /** Why the re-authentication under way must fail (it asked for another mechanism); null while it may pass. */
    private String reauthRefusal;

    SaslAuthenticator(SaslMechanisms mechanisms, KafkaPrincipalBuilder principals, String listenerName,
                      SecurityProtocol protocol, RequestMemory memory, long failedAuthenticationDelayMs,
                      SocketServerMetrics metrics, Time time) {
        this.mechanisms = mechanisms;
        this.principals = principals;
        this.listenerName = listenerName;
        this.protocol = protocol;
        this.memory = memory;
        this.failedAuthenticationDelayMs = failedAuthenticationDelayMs;
        this.metrics = metrics;
        this.time = time;
    }

    State state() {
        return state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.FAILED) {
            release(frame);
            return;
        }
        ByteBuffer buffer = frame.nioBuffer();
        short apiKeyId = buffer.remaining() >= 4 ? buffer.getShort(0) : -1;
        if (state == State.AUTHENTICATED) {
            if (sessionExpiryNanos == null || !sessionEnds(ctx, frame, apiKeyId)) {
                ctx.fireChannelRead(frame);
            }
            return;
        }
        if (apiKeyId == ApiKeys.API_VERSIONS.id && state == State.HANDSHAKE) {
            ctx.fireChannelRead(frame);
            return;
        }
        try {
            if (apiKeyId == ApiKeys.SASL_HANDSHAKE.id && state == State.HANDSHAKE) {
                handshake(ctx, buffer);
            } else if (apiKeyId == ApiKeys.SASL_AUTHENTICATE.id && state == State.AUTHENTICATE) {
                authenticate(ctx, buffer);
            } else {
                close(ctx, "unexpected request (api key " + apiKeyId + ") during SASL authentication, in state "
                        + state);
            }
        } catch (RuntimeException e) {
            close(ctx, "malformed SASL request: " + e);
        } finally {
            release(frame);
        }
    }

    /**
     * For an authenticated connection whose session expires: starts a re-authentication on a SaslHandshake (at most
     * one a second, as Kafka), or closes the connection when the session has expired, as Kafka's SocketServer does
     * when the next request arrives. True when the frame was taken here.
     */
    private boolean sessionEnds(ChannelHandlerContext ctx, ByteBuf frame, short apiKeyId) {
        long now = time.nanoseconds();
        if (apiKeyId == ApiKeys.SASL_HANDSHAKE.id
                && (lastReauthStartNanos == 0 || now - lastReauthStartNanos >= TimeUnit.SECONDS.toNanos(1))) {
            lastReauthStartNanos = now;
            reauthenticating = true;
            state = State.HANDSHAKE;
            try {
                handshake(ctx, frame.nioBuffer());
            } catch (RuntimeException e) {
                close(ctx, "malformed SASL request: " + e);
            } finally {
                release(frame);
            }
            return true;
        }
        if (now - sessionExpiryNanos > 0) {
            metrics.expiredClosed();
            release(frame);
            close(ctx, "its SASL session expired " + TimeUnit.NANOSECONDS.toMillis(now - sessionExpiryNanos)
                    + " ms ago without a re-authentication (connections.max.reauth.ms)");
            return true;
        }
        return false;
    }

    private void handshake(ChannelHandlerContext ctx, ByteBuffer buffer) {
        RequestHeader header = RequestHeader.parse(buffer);
        SaslHandshakeRequest request = (SaslHandshakeRequest) parse(header, buffer);
        // v0 sends raw SASL tokens afterwards, without Kafka framing; every current client uses v1.
        if (header.apiVersion() < 1) {
            close(ctx, "SaslHandshake v0 (raw SASL tokens) is not supported");
            return;
        }
        List<String> enabled = mechanisms.enabled();
        String requested = request.data().mechanism();
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(enabled);
        if (!enabled.contains(requested)) {
            respond(ctx, header, response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
            close(ctx, "unsupported SASL mechanism " + requested);
            return;
        }
        if (reauthenticating && !requested.equals(mechanism)) {
            // As Kafka: the handshake is answered, the SaslAuthenticate that follows fails.
            reauthRefusal = "SASL mechanism '" + requested + "' requested by client is not supported for "
                    + "re-authentication of mechanism '" + mechanism + "'";
            state = State.AUTHENTICATE;
            respond(ctx, header, response.setErrorCode(Errors.NONE.code()));
            return;
        }
        try {
            if (server != null) {
                server.dispose(); // the previous session's
            }
            server = mechanisms.create(requested);
        } catch (SaslException e) {
            respond(ctx, header, response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
            close(ctx, "cannot start SASL mechanism " + requested + ": " + e);
            return;
        }
        mechanism = requested;
        state = State.AUTHENTICATE;
        respond(ctx, header, response.setErrorCode(Errors.NONE.code()));
    }

    private void authenticate(ChannelHandlerContext ctx, ByteBuffer buffer) {
        RequestHeader header = RequestHeader.parse(buffer);
        SaslAuthenticateRequest request = (SaslAuthenticateRequest) parse(header, buffer);
        if (reauthRefusal != null) {
            fail(ctx, header, reauthRefusal);
            return;
        }
        byte[] challenge;
        try {
            challenge = server.evaluateResponse(request.data().authBytes());
        } catch (SaslAuthenticationException e) {
            fail(ctx, header, e.getMessage());
            return;
        } catch (SaslException | RuntimeException e) {
            log.debug("SASL {} failed on {}", mechanism, ctx.channel().remoteAddress(), e);
            fail(ctx, header, "Authentication failed during authentication due to invalid credentials with SASL "
                    + "mechanism " + mechanism);
            return;
        }
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData()
                .setErrorCode(Errors.NONE.code()).setAuthBytes(challenge == null ? new byte[0] : challenge);
        if (server.isComplete()) {
            KafkaPrincipal authenticated = principals.build(context(ctx));
            if (reauthenticating && !authenticated.equals(principal)) {
                fail(ctx, header, "Cannot change principals during re-authentication from "
                        + principal.getPrincipalType() + "." + principal.getName() + ": "
                        + authenticated.getPrincipalType() + "." + authenticated.getName());
                return;
            }
            state = State.AUTHENTICATED;
            long lifetimeMs = mechanisms.maxReauthMs(mechanism);
            sessionExpiryNanos = lifetimeMs > 0 ? time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(lifetimeMs)
                    : null;
            if (lifetimeMs > 0 && header.apiVersion() >= 1) {
                response.setSessionLifetimeMs(lifetimeMs); // the client re-authenticates before it ends
            }
            if (reauthenticating) {
                reauthenticating = false;
                metrics.reauthenticated();
                log.debug("Connection from {} re-authenticated as {}", ctx.channel().remoteAddress(), principal);
            } else {
                principal = authenticated;
                log.debug("Connection from {} authenticated as {} with {}", ctx.channel().remoteAddress(),
                        principal, mechanism);
                // Before the response goes out: the client's next request cannot precede the principal.
                ctx.fireUserEventTriggered(new SaslAuthenticated(principal));
            }
        }
        respond(ctx, header, response);
    }

    private SaslAuthenticationContext context(ChannelHandlerContext ctx) {
        InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        return tls == null ? new SaslAuthenticationContext(server, protocol, address, listenerName)
                : new SaslAuthenticationContext(server, protocol, address, listenerName,
                        java.util.Optional.of(tls.engine().getSession()));
    }

    /** Kafka's behaviour: the failure is answered, but only after a delay that slows password guessing. */
    private void fail(ChannelHandlerContext ctx, RequestHeader header, String message) {
        state = State.FAILED;
        ctx.channel().config().setAutoRead(false);
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData()
                .setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(message);
        log.info("Failed authentication with {} ({})", ctx.channel().remoteAddress(), message);
        ctx.executor().schedule(() -> {
            respond(ctx, header, response);
            ctx.close();
        }, failedAuthenticationDelayMs, TimeUnit.MILLISECONDS);
    }

    private static AbstractRequest parse(RequestHeader header, ByteBuffer buffer) {
        return AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(buffer))
                .request;
    }

    private static void respond(ChannelHandlerContext ctx, RequestHeader header, ApiMessage response) {
        for (Object part : ResponseWriter.serialize(ctx.alloc(), header.correlationId(), header.apiKey(),
                header.apiVersion(), response)) {
            ctx.write(part, ctx.voidPromise());
        }
        ctx.flush();
    }

    private void close(ChannelHandlerContext ctx, String why) {
        state = State.FAILED;
        log.info("Closing connection from {}: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    private void release(ByteBuf frame) {
        int bytes = frame.readableBytes();
        ReferenceCountUtil.release(frame);
        memory.release(bytes);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws SaslException {
        if (server != null) {
            server.dispose();
        }
    }
}
