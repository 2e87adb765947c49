package io.samsa.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Quota entities and their ZooKeeper paths, in Kafka 3.x's layout, both ways. */
class QuotaEntityPathsTest {

    @Test
    void namesAreSanitizedAndDefaultsKeptLiterallyBothWays() {
        assertRoundTrip(QuotaEntity.user("alice"), "users/alice");
        assertRoundTrip(QuotaEntity.user("CN=a b/c@example"), "users/CN%3Da%20b%2Fc%40example");
        assertRoundTrip(QuotaEntity.user(QuotaEntity.DEFAULT), "users/<default>");
        assertRoundTrip(QuotaEntity.client("app-1"), "clients/app-1");
        assertRoundTrip(QuotaEntity.client(QuotaEntity.DEFAULT), "clients/<default>");
        assertRoundTrip(QuotaEntity.userAndClient("bob", "app/2"), "users/bob/clients/app%2F2");
        assertRoundTrip(QuotaEntity.userAndClient(QuotaEntity.DEFAULT, QuotaEntity.DEFAULT),
                "users/<default>/clients/<default>");
    }

    @Test
    void pathsThatAreNoQuotaEntityAreNotParsed() {
        assertThat(QuotaEntityPaths.parse("ips/10.0.0.1")).isEmpty();
        assertThat(QuotaEntityPaths.parse("users/")).isEmpty();
        assertThat(QuotaEntityPaths.parse("users/a/b")).isEmpty();
        assertThat(QuotaEntityPaths.parse("users/a/clients/")).isEmpty();
        assertThat(QuotaEntityPaths.parse("clients/a/b")).isEmpty();
    }

    @Test
    void ipEntitiesHaveTheirOwnPaths() {
        assertThat(QuotaEntityPaths.ipPath("10.0.0.7")).isEqualTo("ips/10.0.0.7");
        assertThat(QuotaEntityPaths.ip("ips/10.0.0.7")).contains("10.0.0.7");
        assertThat(QuotaEntityPaths.ipPath(QuotaEntity.DEFAULT)).isEqualTo("ips/<default>");
        assertThat(QuotaEntityPaths.ip("ips/<default>")).contains(QuotaEntity.DEFAULT);
        assertThat(QuotaEntityPaths.ip(QuotaEntityPaths.ipPath("::1"))).contains("::1");
        assertThat(QuotaEntityPaths.ip("users/alice")).isEmpty();
        assertThat(QuotaEntityPaths.ip("ips/")).isEmpty();
    }

    private static void assertRoundTrip(QuotaEntity entity, String path) {
        assertThat(QuotaEntityPaths.path(entity)).isEqualTo(path);
        assertThat(QuotaEntityPaths.parse(path)).contains(entity);
    }
}
