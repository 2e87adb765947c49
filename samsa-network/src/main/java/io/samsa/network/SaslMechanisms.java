package io.samsa.network;

import java.util.List;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * The SASL mechanisms one listener offers and how to start a server-side exchange for each. Built by the broker
 * from {@code sasl.enabled.mechanisms} and the listener's JAAS settings; called by {@link SaslAuthenticator} once per
 * handshake, on the connection's event loop. Implementations must be thread-safe.
 */
public interface SaslMechanisms {

    /** The enabled mechanisms, upper case, in the configured order (SaslHandshake's answer lists them). */
    List<String> enabled();

    /** A fresh server for {@code mechanism}, one of {@link #enabled()}. */
    SaslServer create(String mechanism) throws SaslException;

    /**
     * {@code connections.max.reauth.ms} for {@code mechanism}: how long a session lasts before the client must
     * re-authenticate on its connection (KIP-368); 0 for sessions that never expire.
     */
    default long maxReauthMs(String mechanism) {
        return 0;
    }
}
