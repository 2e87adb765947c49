package io.samsa.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.broker.auth.MapEntityConfigStore;
import io.samsa.broker.auth.ScramCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.sasl.SaslException;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFirstMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SCRAM exchange as clients drive it: RFC 5802's client-final nonce, librdkafka's before 2.6.1 (the client nonce
 * once more in front), and forgeries of either, against credentials stored the way AlterUserScramCredentials stores
 * them.
 */
class ScramServerTest {
    private static final String PASSWORD = "alice-secret";
    private static final int ITERATIONS = 4096;

    private final MapEntityConfigStore store = new MapEntityConfigStore();

    private ScramCredentials credentials(ScramMechanism mechanism) throws Exception {
        EntityConfigs configs = new EntityConfigs(store);
        configs.start();
        ScramCredentials credentials = ScramCredentials.start(configs);
        ScramFormatter formatter = new ScramFormatter(mechanism);
        byte[] salt = formatter.secureRandomBytes();
        credentials.alter("alice", Map.of(mechanism, formatter.generateCredential(salt,
                formatter.saltedPassword(PASSWORD, salt, ITERATIONS), ITERATIONS)));
        return credentials;
    }

    /** A client's side of one exchange up to the server-first message. */
    private record Exchange(ScramServer server, ClientFirstMessage clientFirst, ServerFirstMessage serverFirst) {
    }

    private Exchange begin(ScramMechanism mechanism, boolean accept) throws Exception {
        ScramServer server = new ScramServer(mechanism, credentials(mechanism), accept);
        ClientFirstMessage clientFirst = new ClientFirstMessage("alice", "clientnonce123", Map.of());
        ServerFirstMessage serverFirst = new ServerFirstMessage(server.evaluateResponse(clientFirst.toBytes()));
        assertThat(serverFirst.nonce()).startsWith("clientnonce123").isNotEqualTo("clientnonce123");
        return new Exchange(server, clientFirst, serverFirst);
    }

    private static byte[] clientFinal(ScramMechanism mechanism, Exchange e, String nonce, String password)
            throws Exception {
        ScramFormatter formatter = new ScramFormatter(mechanism);
        ClientFinalMessage message = new ClientFinalMessage("n,,".getBytes(StandardCharsets.UTF_8), nonce);
        byte[] salted = formatter.saltedPassword(password, e.serverFirst().salt(), e.serverFirst().iterations());
        message.proof(formatter.clientProof(salted, e.clientFirst(), e.serverFirst(), message));
        return message.toBytes();
    }

    private static void assertServerProvesItKnowsTheKey(ScramMechanism mechanism, Exchange e, byte[] serverFinal,
                                                        String nonce) throws Exception {
        ScramFormatter formatter = new ScramFormatter(mechanism);
        byte[] salted = formatter.saltedPassword(PASSWORD, e.serverFirst().salt(), e.serverFirst().iterations());
        ClientFinalMessage sent = new ClientFinalMessage("n,,".getBytes(StandardCharsets.UTF_8), nonce);
        assertThat(new ServerFinalMessage(serverFinal).serverSignature()).isEqualTo(formatter.serverSignature(
                formatter.serverKey(salted), e.clientFirst(), e.serverFirst(), sent));
    }

    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void theRfcFormLogsInAndAWrongPasswordDoesNot(ScramMechanism mechanism) throws Exception {
        Exchange e = begin(mechanism, true);
        String nonce = e.serverFirst().nonce();
        byte[] serverFinal = e.server().evaluateResponse(clientFinal(mechanism, e, nonce, PASSWORD));
        assertThat(e.server().isComplete()).isTrue();
        assertThat(e.server().getAuthorizationID()).isEqualTo("alice");
        assertServerProvesItKnowsTheKey(mechanism, e, serverFinal, nonce);

        Exchange wrong = begin(mechanism, true);
        assertThatThrownBy(() -> wrong.server().evaluateResponse(
                clientFinal(mechanism, wrong, wrong.serverFirst().nonce(), "guess")))
                .isInstanceOf(SaslException.class);
        assertThat(wrong.server().isComplete()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void librdkafkasNonceLogsInWhenAcceptedAndIsRefusedOtherwise(ScramMechanism mechanism) throws Exception {
        Exchange e = begin(mechanism, true);
        String librdkafka = e.clientFirst().nonce() + e.serverFirst().nonce();
        byte[] serverFinal = e.server().evaluateResponse(clientFinal(mechanism, e, librdkafka, PASSWORD));
        assertThat(e.server().isComplete()).isTrue();
        assertThat(e.server().getAuthorizationID()).isEqualTo("alice");
        assertServerProvesItKnowsTheKey(mechanism, e, serverFinal, librdkafka);

        Exchange refused = begin(mechanism, false);
        String form = refused.clientFirst().nonce() + refused.serverFirst().nonce();
        assertThatThrownBy(() -> refused.server().evaluateResponse(clientFinal(mechanism, refused, form, PASSWORD)))
                .isInstanceOf(SaslException.class).hasMessageContaining("nonce");
        assertThat(refused.server().isComplete()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void onlyThatExactFormIsAcceptedAndItsProofIsStillChecked(ScramMechanism mechanism) throws Exception {
        Exchange wrongPassword = begin(mechanism, true);
        String form = wrongPassword.clientFirst().nonce() + wrongPassword.serverFirst().nonce();
        assertThatThrownBy(() -> wrongPassword.server().evaluateResponse(
                clientFinal(mechanism, wrongPassword, form, "guess"))).isInstanceOf(SaslException.class);

        // Kafka 3.9 took any nonce ending in the full nonce; a different prefix is no librdkafka and is refused.
        Exchange otherPrefix = begin(mechanism, true);
        String other = "attacker" + otherPrefix.serverFirst().nonce();
        assertThatThrownBy(() -> otherPrefix.server().evaluateResponse(
                clientFinal(mechanism, otherPrefix, other, PASSWORD))).isInstanceOf(SaslException.class);

        // A server nonce from another exchange (a replay) is refused in either form.
        Exchange first = begin(mechanism, true);
        Exchange second = begin(mechanism, true);
        String replayed = second.clientFirst().nonce() + first.serverFirst().nonce();
        assertThatThrownBy(() -> second.server().evaluateResponse(
                clientFinal(mechanism, second, replayed, PASSWORD))).isInstanceOf(SaslException.class);
        assertThat(second.server().isComplete()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void credentialsAreStoredSaltedBesideTheUsersOtherKeys(ScramMechanism mechanism) throws Exception {
        store.entities.put("users/alice", Map.of("producer_byte_rate", "1024"));
        ScramCredentials credentials = credentials(mechanism);
        Map<String, String> stored = store.entities.get("users/alice");
        assertThat(stored).containsEntry("producer_byte_rate", "1024").containsKey(mechanism.mechanismName());
        assertThat(stored.get(mechanism.mechanismName())).startsWith("salt=").contains("stored_key=")
                .contains("server_key=").contains("iterations=4096").doesNotContain(PASSWORD);

        credentials.alter("alice", java.util.Collections.singletonMap(mechanism, (ScramCredential) null));
        assertThat(store.entities.get("users/alice")).containsOnlyKeys("producer_byte_rate");
        assertThat(credentials.of("alice")).isEmpty();
    }
}
