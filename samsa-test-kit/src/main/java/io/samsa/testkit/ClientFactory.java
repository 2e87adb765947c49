package io.samsa.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka's own clients (byte-array producer and consumer, admin) for a cluster, with the cluster's bootstrap servers
 * as they are when each client is made. Every client made here is closed by {@link #close()}, each within
 * {@link #CLOSE_TIMEOUT}. Thread-safe.
 */
public final class ClientFactory implements AutoCloseable {
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<String> bootstrap;
    private final List<AutoCloseable> clients = new ArrayList<>();

    public ClientFactory(Supplier<String> bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** An admin client whose calls give up after 30 s. */
    public Admin admin() {
        return admin(Map.of());
    }

    public Admin admin(Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        c.putAll(overrides);
        return track(Admin.create(c));
    }

    /** A byte-array producer with Kafka's defaults (idempotent, acks=all) and {@code overrides}. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.putAll(overrides);
        return track(new KafkaProducer<>(c));
    }

    /** A byte-array consumer that starts at the earliest offset and commits nothing unless told. */
    public KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putAll(overrides);
        return track(new KafkaConsumer<>(c));
    }

    private synchronized <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (this) {
            all = new ArrayList<>(clients);
            clients.clear();
        }
        for (AutoCloseable c : all) {
            try {
                if (c instanceof KafkaProducer<?, ?> p) {
                    p.close(CLOSE_TIMEOUT);
                } else if (c instanceof KafkaConsumer<?, ?> k) {
                    k.close(CLOSE_TIMEOUT);
                } else if (c instanceof Admin a) {
                    a.close(CLOSE_TIMEOUT);
                } else {
                    c.close();
                }
            } catch (Exception e) {
                // closing anyway: one client failing to close must not leave the others open
            }
        }
    }
}
