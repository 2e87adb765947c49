package io.samsa.broker.handlers;

import io.samsa.metadata.BrokerRegistration;

/**
 * Whether a broker epoch sent by a follower is acceptable against its registration (KIP-380, KIP-903): a fetch that
 * names an epoch older than the registration's comes from before that broker restarted, and is fenced. A follower
 * that sends none (-1, as Fetch before v15 cannot carry one) is taken at its word, as Kafka does; so is one that
 * names a newer epoch than this broker has seen yet (its watch is behind). Stateless.
 */
final class BrokerEpochs {
    private BrokerEpochs() {
    }

    static boolean matches(BrokerRegistration registration, long requestEpoch) {
        return requestEpoch < 0 || requestEpoch >= registration.epoch();
    }
}
