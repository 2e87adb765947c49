package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.plain.internals.PlainServerCallbackHandler;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

/** The SASL stage's state machine with kafka-clients' PLAIN server, on an embedded channel. */
class SaslAuthenticatorTest {
    private static final long REAUTH_MS = 60_000;
    private final MockTime time = new MockTime();
    private final SocketServerMetrics metrics = new SocketServerMetrics(new RequestMemory(1 << 20));
    private final List<Object> passedOn = new ArrayList<>();
    private final List<KafkaPrincipal> authenticated = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new SaslAuthenticator(mechanisms(), new DefaultKafkaPrincipalBuilder(null, null), "SASL_PLAINTEXT",
                    SecurityProtocol.SASL_PLAINTEXT, new RequestMemory(1 << 20), 0, metrics, time),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    passedOn.add(msg);
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof SaslAuthenticated a) {
                        authenticated.add(a.principal());
                    }
                }
            });
    private int correlationId;

    private static SaslMechanisms mechanisms() {
        PlainServerCallbackHandler handler = new PlainServerCallbackHandler();
        handler.configure(Map.of(), "PLAIN", List.of(new AppConfigurationEntry(PlainLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                Map.of("user_alice", "alice-secret", "user_bob", "bob-secret"))));
        return new SaslMechanisms() {
            @Override
            public List<String> enabled() {
                return List.of("PLAIN");
            }

            @Override
            public SaslServer create(String mechanism) {
                return new PlainSaslServer(handler);
            }

            @Override
            public long maxReauthMs(String mechanism) {
                return REAUTH_MS;
            }
        };
    }

    @Test
    void onlyApiVersionsPassesBeforeAuthenticationAndAnyOtherRequestCloses() {
        send(new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 3));
        assertThat(passedOn).hasSize(1);
        send(new MetadataRequest(new MetadataRequestData(), (short) 12));
        assertThat(passedOn).hasSize(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void plainLoginSetsThePrincipalThenPassesEveryRequest() {
        SaslHandshakeResponse handshake = (SaslHandshakeResponse) send(handshake("PLAIN"));
        assertThat(handshake.error()).isEqualTo(Errors.NONE);
        SaslAuthenticateResponse auth = (SaslAuthenticateResponse) send(authenticate("alice", "alice-secret"));
        assertThat(auth.error()).isEqualTo(Errors.NONE);
        assertThat(authenticated).containsExactly(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "alice"));
        send(new MetadataRequest(new MetadataRequestData(), (short) 12));
        assertThat(passedOn).hasSize(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aWrongPasswordIsAnsweredWithSaslAuthenticationFailedThenTheConnectionCloses() {
        send(handshake("PLAIN"));
        SaslAuthenticateRequest request = authenticate("alice", "guess");
        ByteBuffer frame = request.serializeWithHeader(header(request));
        channel.writeInbound(Unpooled.wrappedBuffer(frame));
        channel.runScheduledPendingTasks();
        SaslAuthenticateResponse auth = (SaslAuthenticateResponse) response(header(request, correlationId));
        assertThat(auth.error()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
        assertThat(auth.errorMessage()).isEqualTo("Authentication failed: Invalid username or password");
        assertThat(authenticated).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSessionLastsConnectionsMaxReauthMsAndAReauthenticationRenewsIt() {
        send(handshake("PLAIN"));
        SaslAuthenticateResponse auth = (SaslAuthenticateResponse) send(authenticate("alice", "alice-secret"));
        assertThat(auth.sessionLifetimeMs()).isEqualTo(REAUTH_MS);

        time.sleep(REAUTH_MS - 1000);
        assertThat(((SaslHandshakeResponse) send(handshake("PLAIN"))).error()).isEqualTo(Errors.NONE);
        auth = (SaslAuthenticateResponse) send(authenticate("alice", "alice-secret"));
        assertThat(auth.error()).isEqualTo(Errors.NONE);
        assertThat(auth.sessionLifetimeMs()).isEqualTo(REAUTH_MS);
        assertThat(metrics.getReauthentications()).isEqualTo(1);
        assertThat(authenticated).as("the principal is set once").hasSize(1);

        time.sleep(REAUTH_MS - 1000); // past the first session's end, within the second's
        send(new MetadataRequest(new MetadataRequestData(), (short) 12));
        assertThat(passedOn).hasSize(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anExpiredSessionClosesAtItsNextRequest() {
        send(handshake("PLAIN"));
        send(authenticate("alice", "alice-secret"));
        time.sleep(REAUTH_MS + 1);
        send(new MetadataRequest(new MetadataRequestData(), (short) 12));
        assertThat(passedOn).as("nothing reaches the handlers").isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.getExpiredConnectionsKilled()).isEqualTo(1);
    }

    @Test
    void aReauthenticationMayNotChangeThePrincipal() {
        send(handshake("PLAIN"));
        send(authenticate("alice", "alice-secret"));
        time.sleep(5_000);
        send(handshake("PLAIN"));
        SaslAuthenticateRequest request = authenticate("bob", "bob-secret");
        channel.writeInbound(Unpooled.wrappedBuffer(request.serializeWithHeader(header(request))));
        channel.runScheduledPendingTasks();
        SaslAuthenticateResponse auth = (SaslAuthenticateResponse) response(header(request, correlationId));
        assertThat(auth.error()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
        assertThat(auth.errorMessage()).isEqualTo("Cannot change principals during re-authentication from User.alice: "
                + "User.bob");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void withoutASessionLifetimeAHandshakeAfterLoginGoesToTheHandlers() {
        EmbeddedChannel plain = new EmbeddedChannel(new SaslAuthenticator(new SaslMechanisms() {
            @Override
            public List<String> enabled() {
                return List.of("PLAIN");
            }

            @Override
            public SaslServer create(String mechanism) throws javax.security.sasl.SaslException {
                return mechanisms().create(mechanism);
            }
        }, new DefaultKafkaPrincipalBuilder(null, null), "SASL_PLAINTEXT", SecurityProtocol.SASL_PLAINTEXT,
                new RequestMemory(1 << 20), 0, metrics, time), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        passedOn.add(msg);
                    }
                });
        for (AbstractRequest request : List.<AbstractRequest>of(handshake("PLAIN"), authenticate("alice",
                "alice-secret"))) {
            plain.writeInbound(Unpooled.wrappedBuffer(request.serializeWithHeader(header(request))));
        }
        time.sleep(java.util.concurrent.TimeUnit.DAYS.toMillis(365));
        SaslHandshakeRequest again = handshake("PLAIN");
        plain.writeInbound(Unpooled.wrappedBuffer(again.serializeWithHeader(header(again))));
        assertThat(passedOn).as("answered ILLEGAL_SASL_STATE by the API registry, as Kafka").hasSize(1);
        assertThat(plain.isOpen()).isTrue();
        plain.finishAndReleaseAll();
        passedOn.forEach(io.netty.util.ReferenceCountUtil::release);
    }

    @Test
    void anUnsupportedMechanismIsRefusedWithTheEnabledOnes() {
        SaslHandshakeResponse handshake = (SaslHandshakeResponse) send(handshake("SCRAM-SHA-256"));
        assertThat(handshake.error()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM);
        assertThat(handshake.data().mechanisms()).containsExactly("PLAIN");
        assertThat(channel.isOpen()).isFalse();
    }

    private static SaslHandshakeRequest handshake(String mechanism) {
        return new SaslHandshakeRequest(new SaslHandshakeRequestData().setMechanism(mechanism), (short) 1);
    }

    private static SaslAuthenticateRequest authenticate(String user, String password) {
        byte[] token = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        return new SaslAuthenticateRequest(new SaslAuthenticateRequestData().setAuthBytes(token), (short) 2);
    }

    private RequestHeader header(AbstractRequest request) {
        return header(request, ++correlationId);
    }

    private static RequestHeader header(AbstractRequest request, int correlationId) {
        return new RequestHeader(request.apiKey(), request.version(), "test", correlationId);
    }

    /** Sends one request frame; returns the stage's answer, or null when it answered nothing. */
    private AbstractResponse send(AbstractRequest request) {
        RequestHeader header = header(request);
        channel.writeInbound(Unpooled.wrappedBuffer(request.serializeWithHeader(header)));
        return request.apiKey() == ApiKeys.SASL_HANDSHAKE || request.apiKey() == ApiKeys.SASL_AUTHENTICATE
                ? response(header) : null;
    }

    private AbstractResponse response(RequestHeader header) {
        ByteBuf all = Unpooled.buffer();
        for (Object part; (part = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) part;
            all.writeBytes(b);
            b.release();
        }
        ByteBuffer buffer = all.nioBuffer();
        buffer.getInt(); // the size
        return AbstractResponse.parseResponse(buffer, header);
    }
}
