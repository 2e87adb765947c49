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
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.SaslAuthenticationContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
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
    private State state = State.HANDSHAKE;
    private String mechanism;
    private SaslServer server;

    SaslAuthenticator(SaslMechanisms mechanisms, KafkaPrincipalBuilder principals, String listenerName,
                      SecurityProtocol protocol, RequestMemory memory, long failedAuthenticationDelayMs) {
        this.mechanisms = mechanisms;
        this.principals = principals;
        this.listenerName = listenerName;
        this.protocol = protocol;
        this.memory = memory;
        this.failedAuthenticationDelayMs = failedAuthenticationDelayMs;
    }

    State state() {
        return state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.AUTHENTICATED || !(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.FAILED) {
            release(frame);
            return;
        }
        ByteBuffer buffer = frame.nioBuffer();
        short apiKeyId = buffer.remaining() >= 4 ? buffer.getShort(0) : -1;
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
        try {
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
            state = State.AUTHENTICATED;
            SaslAuthenticated event = new SaslAuthenticated(principals.build(context(ctx)));
            log.debug("Connection from {} authenticated as {} with {}", ctx.channel().remoteAddress(),
                    event.principal(), mechanism);
            // Before the response goes out: the client's next request cannot precede the principal.
            ctx.fireUserEventTriggered(event);
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
