package io.samsa.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.common.config.BrokerConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AuthorizersTest {

    private static BrokerConfig config(String authorizer) {
        return BrokerConfig.fromProperties(Map.of("authorizer.class.name", authorizer,
                "super.users", "User:ANONYMOUS; User:CN=admin"));
    }

    @Test
    void kafkasAuthorizerNamesAndSamsasTurnAuthorizationOn() {
        assertThat(Authorizers.enabled(config("kafka.security.authorizer.AclAuthorizer"))).isTrue();
        assertThat(Authorizers.enabled(config("org.apache.kafka.metadata.authorizer.StandardAuthorizer"))).isTrue();
        assertThat(Authorizers.enabled(config(ZkAclAuthorizer.class.getName()))).isTrue();
        assertThat(Authorizers.enabled(BrokerConfig.fromProperties(Map.of()))).isFalse();
        assertThat(config("").superUsers()).containsExactly("User:ANONYMOUS", "User:CN=admin");
    }

    @Test
    void anyOtherAuthorizerStopsStartUp() {
        assertThatThrownBy(() -> Authorizers.enabled(config("com.example.MyAuthorizer")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("authorizer.class.name");
    }
}
