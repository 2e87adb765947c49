package io.samsa.broker.auth;

import io.samsa.common.config.BrokerConfig;
import io.samsa.metadata.AclStore;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads {@code authorizer.class.name} and builds the authorizer it names. Kafka's own values
 * ({@code kafka.security.authorizer.AclAuthorizer}, {@code org.apache.kafka.metadata.authorizer.StandardAuthorizer})
 * name Samsa's, so an existing {@code server.properties} works; any other value stops start-up. Called by the
 * broker at start-up.
 */
public final class Authorizers {
    /** The values of {@code authorizer.class.name} that turn Samsa's ACL authorizer on. */
    public static final Set<String> ACCEPTED_NAMES = Set.of(
            "kafka.security.authorizer.AclAuthorizer",
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            ZkAclAuthorizer.class.getName());

    private Authorizers() {
    }

    /** Whether the config turns authorization on; throws when it names an authorizer Samsa does not have. */
    public static boolean enabled(BrokerConfig config) {
        String name = config.authorizerClassName();
        if (name.isEmpty()) {
            return false;
        }
        if (!ACCEPTED_NAMES.contains(name)) {
            throw new ConfigException("authorizer.class.name", name, "Samsa has one authorizer, its ZooKeeper ACL "
                    + "authorizer; set one of " + ACCEPTED_NAMES + " or leave it empty to turn authorization off");
        }
        return true;
    }

    /** The started authorizer, or empty when authorization is off. */
    public static Optional<AclAuthorizer> create(BrokerConfig config, java.util.function.Supplier<AclStore> store) {
        if (!enabled(config)) {
            return Optional.empty();
        }
        return Optional.of(new ZkAclAuthorizer(store.get(), config.superUsers(), config.allowEveryoneIfNoAclFound())
                .start());
    }
}
