package io.samsa.broker.auth;

import io.samsa.broker.EntityConfigs;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.utils.Sanitizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's SCRAM credentials: salted and iterated keys (never passwords) under the {@code SCRAM-SHA-256} and
 * {@code SCRAM-SHA-512} keys of {@code /config/users/<user>}, as Kafka 3.x stores them, so they sit beside the
 * user's quotas and only these keys are ever changed here. Every broker holds all of them in memory, loaded at
 * start-up and kept current by the store's watch, so a login never waits for ZooKeeper.
 *
 * <p>Read by the SCRAM mechanism on network threads and by DescribeUserScramCredentials; changed by
 * AlterUserScramCredentials on a blocking thread. Thread-safe.
 */
public final class ScramCredentials implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScramCredentials.class);
    private static final String USERS = "users/";

    private final EntityConfigs store;
    private final Map<String, Map<ScramMechanism, ScramCredential>> byUser = new ConcurrentHashMap<>();

    private ScramCredentials(EntityConfigs store) {
        this.store = store;
    }

    /**
     * Loads every stored credential from the started {@code store} and follows changes from here on, whichever
     * broker makes them.
     */
    public static ScramCredentials start(EntityConfigs store) {
        ScramCredentials credentials = new ScramCredentials(store);
        store.subscribe(credentials::apply);
        return credentials;
    }

    /** {@code user}'s credential for {@code mechanism}, if it has one. */
    public Optional<ScramCredential> credential(String user, ScramMechanism mechanism) {
        return Optional.ofNullable(byUser.getOrDefault(user, Map.of()).get(mechanism));
    }

    /** {@code user}'s credentials by mechanism; empty when it has none. */
    public Map<ScramMechanism, ScramCredential> of(String user) {
        return byUser.getOrDefault(user, Map.of());
    }

    /** Every user with a credential, by name, with its credentials. */
    public Map<String, Map<ScramMechanism, ScramCredential>> all() {
        return new TreeMap<>(byUser);
    }

    /**
     * Sets {@code user}'s credentials: each entry of {@code changes} stores its credential, or removes the
     * mechanism's when null. The user's other keys (quotas) are kept. Blocks on ZooKeeper.
     */
    public void alter(String user, Map<ScramMechanism, ScramCredential> changes) {
        String entity = USERS + Sanitizer.sanitize(user);
        Map<String, String> stored = store.update(entity, configs -> {
            Map<String, String> next = new HashMap<>(configs);
            changes.forEach((mechanism, credential) -> {
                if (credential == null) {
                    next.remove(mechanism.mechanismName());
                } else {
                    next.put(mechanism.mechanismName(), ScramCredentialUtils.credentialToString(credential));
                }
            });
            return next;
        });
        apply(entity, stored); // this broker answers with its own write at once; the watch repeats it harmlessly
    }

    private void apply(String entity, Map<String, String> configs) {
        if (!entity.startsWith(USERS) || entity.indexOf('/', USERS.length()) >= 0) {
            return; // a client id, an IP, or a user's client id: no credentials there
        }
        String user = Sanitizer.desanitize(entity.substring(USERS.length()));
        Map<ScramMechanism, ScramCredential> credentials = new EnumMap<>(ScramMechanism.class);
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            String value = configs.get(mechanism.mechanismName());
            if (value == null) {
                continue;
            }
            try {
                credentials.put(mechanism, ScramCredentialUtils.credentialFromString(value));
            } catch (RuntimeException e) {
                log.error("Ignoring the unreadable {} credential of user {}: {}", mechanism.mechanismName(), user,
                        e.toString());
            }
        }
        if (credentials.isEmpty()) {
            byUser.remove(user);
        } else {
            byUser.put(user, Map.copyOf(credentials));
        }
    }

    /** Nothing of its own to stop: the broker closes the store it shares. */
    @Override
    public void close() {
    }
}
