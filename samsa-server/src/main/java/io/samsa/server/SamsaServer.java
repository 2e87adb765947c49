package io.samsa.server;

import io.samsa.broker.Broker;
import io.samsa.common.config.BrokerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;

/**
 * {@code samsa-server [server.properties] [--override key=value ...]}: starts one broker and runs until SIGTERM or
 * SIGINT, then shuts down cleanly. Without a properties file, Kafka's defaults apply (with an embedded ZooKeeper).
 * An invalid setting stops start-up with a message that names the key; the exit status is then 1.
 */
public final class SamsaServer {
    private SamsaServer() {
    }

    public static void main(String[] args) {
        Properties props;
        try {
            props = parseArgs(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("samsa-server: " + e.getMessage());
            System.err.println("usage: samsa-server [server.properties] [--override key=value ...]");
            System.exit(1);
            return;
        }
        BrokerConfig config;
        try {
            config = BrokerConfig.fromProperties(props);
        } catch (ConfigException e) {
            System.err.println("samsa-server: invalid configuration: " + e.getMessage());
            System.exit(1);
            return;
        }
        Broker broker = new Broker(config, Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "samsa-shutdown"));
        try {
            broker.startup();
        } catch (Exception e) {
            System.err.println("samsa-server: start-up failed: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Properties parseArgs(String[] args) throws IOException {
        Properties props = new Properties();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            Path file = Path.of(args[0]);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such properties file: " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
            i = 1;
        }
        for (; i < args.length; i++) {
            if (!"--override".equals(args[i]) || i + 1 >= args.length || !args[i + 1].contains("=")) {
                throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
            String kv = args[++i];
            int eq = kv.indexOf('=');
            props.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return props;
    }
}
