package io.samsa.broker;

import io.samsa.broker.auth.ScramCredentials;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.apache.kafka.common.security.token.delegation.internals.DelegationTokenCredentialCallback;

/**
 * One server-side SCRAM exchange. kafka-clients' {@link ScramSaslServer} does the work, with credentials from
 * {@link ScramCredentials}; this class adds one thing Kafka 4 dropped. librdkafka before 2.6.1 (kcat and
 * confluent-kafka on Debian 12 and Ubuntu 22.04) sends a client-final nonce of the client nonce followed by the full
 * nonce (client nonce and server nonce), where RFC 5802 wants the full nonce alone. Kafka 3.9 accepted any nonce
 * ending in the full nonce; Kafka 4 wants equality, so those clients cannot log in. When {@code acceptLibrdkafkaNonce}
 * is on, exactly that form (nothing looser) is verified here, with the client's proof over the message as it was
 * sent: the whole server nonce is still checked, so a replayed exchange still fails.
 *
 * <p>Made per handshake by {@link SaslServers}; used by one connection's authenticator on its event loop.
 */
final class ScramServer implements SaslServer {
    private final ScramMechanism mechanism;
    private final ScramCredentials credentials;
    private final boolean acceptLibrdkafkaNonce;
    private final ScramSaslServer delegate;
    private ClientFirstMessage clientFirst;
    private ServerFirstMessage serverFirst;
    /** The user, once this class itself completed the exchange (the librdkafka form). */
    private String completedUser;

    ScramServer(ScramMechanism mechanism, ScramCredentials credentials, boolean acceptLibrdkafkaNonce)
            throws SaslException {
        this.mechanism = mechanism;
        this.credentials = credentials;
        this.acceptLibrdkafkaNonce = acceptLibrdkafkaNonce;
        try {
            this.delegate = new ScramSaslServer(mechanism, Map.of(), new CredentialLookup(mechanism, credentials));
        } catch (NoSuchAlgorithmException e) {
            throw new SaslException("Hash algorithm of " + mechanism.mechanismName() + " not available", e);
        }
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        if (completedUser != null) {
            throw new SaslException("SCRAM exchange already complete");
        }
        if (serverFirst == null) {
            byte[] challenge = delegate.evaluateResponse(response);
            clientFirst = new ClientFirstMessage(response);
            serverFirst = new ServerFirstMessage(challenge);
            return challenge;
        }
        if (acceptLibrdkafkaNonce && !delegate.isComplete()) {
            ClientFinalMessage clientFinal = new ClientFinalMessage(response);
            if (clientFinal.nonce().equals(clientFirst.nonce() + serverFirst.nonce())) {
                return completeLibrdkafkaForm(clientFinal);
            }
        }
        return delegate.evaluateResponse(response);
    }

    private byte[] completeLibrdkafkaForm(ClientFinalMessage clientFinal) throws SaslException {
        String user = ScramFormatter.username(clientFirst.saslName());
        ScramCredential credential = credentials.credential(user, mechanism)
                .orElseThrow(() -> new SaslException("Authentication failed: Invalid user credentials"));
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            byte[] signature = formatter.clientSignature(credential.storedKey(), clientFirst, serverFirst,
                    clientFinal);
            if (!MessageDigest.isEqual(formatter.storedKey(signature, clientFinal.proof()),
                    credential.storedKey())) {
                throw new SaslException("Invalid client credentials");
            }
            byte[] serverSignature = formatter.serverSignature(credential.serverKey(), clientFirst, serverFirst,
                    clientFinal);
            completedUser = user;
            return new ServerFinalMessage(null, serverSignature).toBytes();
        } catch (InvalidKeyException | NoSuchAlgorithmException | IllegalArgumentException e) {
            throw new SaslException("Authentication failed: Invalid client final message", e);
        }
    }

    @Override
    public boolean isComplete() {
        return completedUser != null || delegate.isComplete();
    }

    @Override
    public String getAuthorizationID() {
        return completedUser != null ? completedUser : delegate.getAuthorizationID();
    }

    @Override
    public String getMechanismName() {
        return mechanism.mechanismName();
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        // No delegation tokens: nothing is negotiated beyond the identity.
        return completedUser != null ? null : delegate.getNegotiatedProperty(propName);
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
        throw new IllegalStateException("SCRAM supports neither integrity nor privacy");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
        throw new IllegalStateException("SCRAM supports neither integrity nor privacy");
    }

    @Override
    public void dispose() throws SaslException {
        delegate.dispose();
    }

    /** Answers kafka-clients' SCRAM server with the user's stored credential (none for a delegation token). */
    private record CredentialLookup(ScramMechanism mechanism, ScramCredentials credentials)
            implements CallbackHandler {
        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            String user = null;
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    user = name.getDefaultName();
                } else if (callback instanceof DelegationTokenCredentialCallback) {
                    continue; // no tokens here: the server then refuses the login
                } else if (callback instanceof ScramCredentialCallback scram) {
                    scram.scramCredential(user == null ? null : credentials.credential(user, mechanism).orElse(null));
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        }
    }
}
