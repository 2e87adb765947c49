package io.samsa.it;

import io.samsa.broker.Broker;
import io.samsa.common.config.BrokerConfig;
import io.samsa.testkit.ListenerPorts;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/**
 * One in-process Samsa broker with an embedded ZooKeeper, on free ports, with its logs and ZooKeeper data under a
 * directory the test owns (a {@code @TempDir}). {@link #restart()} starts a new {@link Broker} on the same
 * directories and port, as an operator restarting the process would; clients stay open across it and reconnect.
 * Clients made here are closed by {@link #close()}, so a test class can hand them out freely. {@link #close()} also
 * fails if any Netty buffer leaked in this JVM since the last check ({@link NettyLeakCheck}).
 *
 * <p>This class is not thread-safe: a test drives it from one thread.
 */
public final class TestBroker implements AutoCloseable {
    private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    static {
        // Before any broker allocates a buffer, so that leaks fail the test instead of only being logged.
        NettyLeakCheck.install();
    }

    private final Properties props;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private Broker broker;

    private TestBroker(Properties props) {
        this.props = props;
    }

    /** Starts a broker with default settings whose state lives under {@code dir}. */
    public static TestBroker start(Path dir) throws Exception {
        return start(dir, Map.of());
    }

    /** Starts a broker whose state lives under {@code dir}, with {@code overrides} on top of the test defaults. */
    public static TestBroker start(Path dir, Map<String, String> overrides) throws Exception {
        Properties p = new Properties();
        p.put("broker.id", "0");
        p.put("listeners", "PLAINTEXT://127.0.0.1:0");
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("zookeeper.embedded.port", "0");
        p.put("zookeeper.embedded.data.dir", dir.resolve("zk").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.putAll(overrides);
        TestBroker b = new TestBroker(p);
        b.start();
        return b;
    }

    /**
     * Starts a new broker on this fixture's directories. After the first start the listener's port is pinned, so a
     * broker started again answers where the clients already look.
     */
    public void start() throws Exception {
        if (broker != null) {
            throw new IllegalStateException("already running on port " + broker.port());
        }
        Broker b = new Broker(BrokerConfig.fromProperties(props), Time.SYSTEM);
        b.startup();
        broker = b;
        ListenerPorts.pin(props, b);
    }

    /**
     * Shuts the broker down cleanly. Clients made here stay open and reconnect once {@link #start()} runs again.
     */
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** A clean shutdown, then a new broker on the same directories and port, as an operator's restart. */
    public void restart() throws Exception {
        stop();
        start();
    }

    public Broker broker() {
        return broker;
    }

    public int port() {
        return broker.port();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port();
    }

    /**
     * An attribute of the listener's metrics ({@code io.samsa.network:type=SocketServer,port=...} over JMX), e.g.
     * {@code QueuedRequestBytes}; see samsa-network's {@code SocketServerMetricsMBean}.
     */
    public long networkMetric(String attribute) throws Exception {
        ObjectName name = new ObjectName("io.samsa.network:type=SocketServer,port=" + port());
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute)).longValue();
    }

    public Path logDir() {
        return Path.of(props.getProperty("log.dirs"));
    }

    public Admin adminClient() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return track(Admin.create(c));
    }

    /** A byte-array producer with Kafka's defaults (so idempotence is on) and {@code overrides}. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        c.putAll(overrides);
        return track(new KafkaProducer<>(c));
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return producer(Map.of());
    }

    /**
     * A byte-array consumer without a group (Samsa has no group coordinator yet): tests {@code assign} and seek.
     */
    public KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        c.putAll(overrides);
        return track(new KafkaConsumer<>(c));
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(Map.of());
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    private void closeClients() {
        for (AutoCloseable c : clients) {
            try {
                if (c instanceof KafkaProducer<?, ?> p) {
                    p.close(CLIENT_CLOSE_TIMEOUT);
                } else if (c instanceof KafkaConsumer<?, ?> k) {
                    k.close(CloseOptions.timeout(CLIENT_CLOSE_TIMEOUT));
                } else if (c instanceof Admin a) {
                    a.close(CLIENT_CLOSE_TIMEOUT);
                } else {
                    c.close();
                }
            } catch (Exception e) {
                // Closing a client twice or after its broker died is not what any test here checks.
            }
        }
        clients.clear();
    }

    /** Closes the clients made here, then the broker; then fails if a Netty buffer leaked. */
    @Override
    public void close() {
        closeClients();
        stop();
        try {
            NettyLeakCheck.assertNoLeaks();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
