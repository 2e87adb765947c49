package io.samsa.testkit;

import io.samsa.broker.Broker;
import io.samsa.common.config.BrokerConfig;
import io.samsa.metadata.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/**
 * A cluster of brokers in one JVM on one ZooKeeper, each with its own log dir under a directory the test owns, on
 * free ports (pinned after the first start, so a restarted broker is found where clients look). Broker ids are
 * 0..n-1. {@link #stop(int)} is a clean shutdown; a crash needs a separate process (see samsa-it's
 * ServerProcess). Clients made here are closed by {@link #close()}.
 *
 * <p>Not thread-safe: a test drives it from one thread.
 */
public final class InProcessCluster implements AutoCloseable {
    private final Path dir;
    private final EmbeddedZooKeeper zooKeeper;
    private final List<Properties> configs = new ArrayList<>();
    private final List<Broker> brokers = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    private InProcessCluster(Path dir, EmbeddedZooKeeper zooKeeper) {
        this.dir = dir;
        this.zooKeeper = zooKeeper;
    }

    /**
     * Starts ZooKeeper and {@code size} brokers with the test defaults plus {@code overrides} (applied to every
     * broker; {@code {id}} in a value becomes the broker's id, as in {@code broker.rack=rack-{id}}), and waits until
     * every broker sees all the others.
     */
    public static InProcessCluster start(Path dir, int size, Map<String, String> overrides) throws Exception {
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dir.resolve("zookeeper").toFile(), "127.0.0.1", 0);
        zk.start();
        InProcessCluster cluster = new InProcessCluster(dir, zk);
        try {
            for (int id = 0; id < size; id++) {
                Properties p = new Properties();
                p.put("broker.id", Integer.toString(id));
                p.put("listeners", "PLAINTEXT://127.0.0.1:0");
                p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0");
                p.put("log.dirs", dir.resolve("broker-" + id).toString());
                p.put("zookeeper.connect", zk.connectString());
                p.put("offsets.topic.replication.factor", Integer.toString(Math.min(3, size)));
                for (Map.Entry<String, String> o : overrides.entrySet()) {
                    p.put(o.getKey(), o.getValue().replace("{id}", Integer.toString(id)));
                }
                cluster.configs.add(p);
                cluster.brokers.add(null);
            }
            for (int id = 0; id < size; id++) {
                cluster.start(id);
            }
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public int size() {
        return brokers.size();
    }

    /** Starts broker {@code id} (again), on its port of the first start. */
    public void start(int id) throws Exception {
        if (brokers.get(id) != null) {
            throw new IllegalStateException("broker " + id + " is running");
        }
        Broker b = new Broker(BrokerConfig.fromProperties(configs.get(id)), Time.SYSTEM);
        b.startup();
        brokers.set(id, b);
        ListenerPorts.pin(configs.get(id), b);
    }

    /** Shuts broker {@code id} down cleanly. */
    public void stop(int id) {
        Broker b = brokers.get(id);
        if (b != null) {
            b.close();
            brokers.set(id, null);
        }
    }

    /** The running broker {@code id}, or null when stopped. */
    public Broker broker(int id) {
        return brokers.get(id);
    }

    public String zooKeeperConnect() {
        return zooKeeper.connectString();
    }

    /** Every running broker's address. */
    public String bootstrap() {
        StringJoiner j = new StringJoiner(",");
        for (Broker b : brokers) {
            if (b != null) {
                j.add("127.0.0.1:" + b.port());
            }
        }
        return j.toString();
    }

    public Admin admin() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return track(Admin.create(c));
    }

    /** A byte-array producer with Kafka's defaults (idempotent, acks=all) and {@code overrides}. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.putAll(overrides);
        return track(new KafkaProducer<>(c));
    }

    public KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putAll(overrides);
        return track(new KafkaConsumer<>(c));
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                if (c instanceof KafkaProducer<?, ?> p) {
                    p.close(Duration.ofSeconds(5));
                } else if (c instanceof KafkaConsumer<?, ?> k) {
                    k.close(Duration.ofSeconds(5));
                } else {
                    c.close();
                }
            } catch (Exception e) {
                // closing anyway
            }
        }
        for (int id = 0; id < brokers.size(); id++) {
            stop(id);
        }
        try {
            zooKeeper.close();
        } catch (RuntimeException e) {
            // closing anyway
        }
    }

    /** The directory the cluster's state lives under. */
    public Path dir() {
        return dir;
    }
}
