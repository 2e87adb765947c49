package io.samsa.storage.cleaner;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the cleaner's gauges on the platform MBean server under Kafka's names, and removes them. Kafka's names
 * carry no broker id, so when several brokers share a JVM (tests) the first one's gauges stay and the others' are
 * skipped. Owned by {@link LogCleaner}, which registers at start-up and unregisters at shutdown; not thread-safe.
 */
final class CleanerMetrics {
    private static final Logger log = LoggerFactory.getLogger(CleanerMetrics.class);
    static final String CLEANER = "kafka.log:type=LogCleaner,name=";
    static final String MANAGER = "kafka.log:type=LogCleanerManager,name=";

    /** One gauge's value. */
    private static final class Gauge implements CleanerGaugeMBean {
        private final Supplier<Object> value;

        Gauge(Supplier<Object> value) {
            this.value = value;
        }

        @Override
        public Object getValue() {
            return value.get();
        }
    }

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();

    /** @param name the full JMX name, {@link #CLEANER} or {@link #MANAGER} followed by Kafka's metric name */
    void register(String name, Supplier<Object> value) {
        try {
            ObjectName objectName = new ObjectName(name);
            // StandardMBean: the class need not be named after its interface.
            server.registerMBean(new StandardMBean(new Gauge(value), CleanerGaugeMBean.class), objectName);
            registered.add(objectName);
        } catch (InstanceAlreadyExistsException e) {
            log.debug("{} is already registered (another broker in this JVM)", name);
        } catch (JMException e) {
            log.warn("Cannot register the cleaner metric {}", name, e);
        }
    }

    void unregisterAll() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                log.warn("Cannot unregister {}", name, e);
            }
        }
        registered.clear();
    }
}
