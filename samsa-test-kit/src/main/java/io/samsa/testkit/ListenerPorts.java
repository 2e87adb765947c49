package io.samsa.testkit;

import io.samsa.broker.Broker;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pins the ephemeral ports of a started broker's listeners in its configuration: every {@code NAME://host:0} of
 * {@code listeners} and {@code advertised.listeners} becomes the port the listener of that name bound, so a broker
 * started again on the same configuration answers where clients and other brokers already look. Stateless; used by
 * the test fixtures that restart brokers.
 */
public final class ListenerPorts {
    private static final Pattern EPHEMERAL = Pattern.compile("([A-Za-z0-9_]+)://([^,]*):0(?=\\s*(,|$))");

    private ListenerPorts() {
    }

    public static void pin(Properties config, Broker broker) {
        for (String key : new String[] {"listeners", "advertised.listeners"}) {
            String value = config.getProperty(key);
            if (value == null) {
                continue;
            }
            Matcher m = EPHEMERAL.matcher(value);
            StringBuilder pinned = new StringBuilder();
            while (m.find()) {
                int port = broker.port(m.group(1).toUpperCase(Locale.ROOT));
                m.appendReplacement(pinned, Matcher.quoteReplacement(m.group(1) + "://" + m.group(2) + ":" + port));
            }
            m.appendTail(pinned);
            config.put(key, pinned.toString());
        }
    }
}
