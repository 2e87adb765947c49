package io.samsa.broker.quota;

import io.samsa.broker.EntityConfigs;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code connection_creation_rate} of IP entities (KIP-612; {@code kafka-configs --entity-type ips}), followed
 * from the shared {@link EntityConfigs} ({@code /config/ips/<ip>} and {@code /config/ips/<default>}) and handed to
 * the network layer, which holds and then closes a connection over its IP's rate. Only that key of an IP entity is
 * read.
 *
 * <p>Started by the broker once its socket server exists; changes arrive on the store's notification thread.
 * Thread-safe.
 */
public final class IpConnectionRates {
    /** The key Kafka stores an IP's connection creation rate under. */
    public static final String KEY = "connection_creation_rate";
    /** Kafka's "no rate for this IP". */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    private static final Logger log = LoggerFactory.getLogger(IpConnectionRates.class);

    private final BiConsumer<Map<InetAddress, Integer>, Integer> apply;
    private final Map<InetAddress, Integer> overrides = new HashMap<>();
    private int defaultRate = UNLIMITED;

    private IpConnectionRates(BiConsumer<Map<InetAddress, Integer>, Integer> apply) {
        this.apply = apply;
    }

    /**
     * Reads every stored IP rate and follows changes, passing the overrides and the default rate to {@code apply}
     * (the socket server) after each.
     */
    public static IpConnectionRates start(EntityConfigs entityConfigs,
                                          BiConsumer<Map<InetAddress, Integer>, Integer> apply) {
        IpConnectionRates rates = new IpConnectionRates(apply);
        entityConfigs.subscribe(rates::onEntityConfigs);
        return rates;
    }

    private synchronized void onEntityConfigs(String entityPath, Map<String, String> configs) {
        String name = QuotaEntityPaths.ip(entityPath).orElse(null);
        if (name == null) {
            return;
        }
        String value = configs.get(KEY);
        int rate = UNLIMITED;
        if (value != null) {
            try {
                rate = (int) Math.min(UNLIMITED, Math.round(Double.parseDouble(value)));
            } catch (NumberFormatException e) {
                log.error("Ignoring the unreadable {} of IP {}: {}", KEY, name, value);
            }
        }
        if (QuotaEntity.DEFAULT.equals(name)) {
            defaultRate = rate;
        } else {
            InetAddress address;
            try {
                address = InetAddress.getByName(name);
            } catch (UnknownHostException | RuntimeException e) {
                log.error("Ignoring the {} of {}: not an IP address", KEY, name);
                return;
            }
            if (rate == UNLIMITED) {
                overrides.remove(address);
            } else {
                overrides.put(address, rate);
            }
        }
        apply.accept(Map.copyOf(overrides), defaultRate);
        log.info("Connection creation rate of IP {}: {}", name, rate == UNLIMITED ? "none" : rate + "/s");
    }
}
