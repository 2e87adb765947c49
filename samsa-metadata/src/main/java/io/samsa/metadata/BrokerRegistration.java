package io.samsa.metadata;

/**
 * A live broker as registered (ephemeral znode {@code /brokers/ids/<id>}).
 *
 * @param brokerId  {@code broker.id}
 * @param host      advertised host
 * @param port      advertised port
 * @param rack      {@code broker.rack}, or null
 */
public record BrokerRegistration(int brokerId, String host, int port, String rack) {
}
