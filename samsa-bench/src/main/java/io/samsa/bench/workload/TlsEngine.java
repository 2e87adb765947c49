package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerKind;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which TLS engine a broker's SSL listener used. Samsa names it in its start-up log ("TLS on listener SSL with the
 * BoringSSL (OpenSSL) engine", or "... with the JDK engine" where netty-tcnative does not load); Kafka always uses
 * the JDK's {@code SSLEngine}.
 *
 * <p>Stateless.
 */
final class TlsEngine {
    private static final Pattern SAMSA_LINE = Pattern.compile("TLS on listener (\\S+) with the (.+?) engine");

    private TlsEngine() {
    }

    /** The engine of {@code listener} as the broker's log {@code log} shows it, if it does. */
    static Optional<String> of(BrokerKind kind, String listener, String log) {
        if (kind == BrokerKind.KAFKA) {
            return Optional.of("JDK");
        }
        Matcher m = SAMSA_LINE.matcher(log);
        while (m.find()) {
            if (m.group(1).equals(listener)) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }
}
