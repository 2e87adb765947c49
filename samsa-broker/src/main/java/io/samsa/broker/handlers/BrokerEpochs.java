package io.samsa.broker.handlers;

import io.samsa.metadata.BrokerRegistration;

/**
 * Whether a broker epoch sent by a follower is its registration's current one. A follower that sends none (-1, as
 * Fetch before v15 cannot carry one) is taken at its word, as Kafka does. Until registrations carry their epoch,
 * every registered broker matches. Stateless.
 */
final class BrokerEpochs {
    private BrokerEpochs() {
    }

    static boolean matches(BrokerRegistration registration, long requestEpoch) {
        return true;
    }
}
