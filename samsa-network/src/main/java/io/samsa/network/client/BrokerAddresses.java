package io.samsa.network.client;

import java.net.InetSocketAddress;
import java.util.Optional;

/** Where a broker listens for other brokers, by id; empty when it is not registered. Thread-safe. */
@FunctionalInterface
public interface BrokerAddresses {
    Optional<InetSocketAddress> address(int brokerId);
}
