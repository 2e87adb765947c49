package io.samsa.metadata;

import static io.samsa.metadata.ZkTestSupport.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.KillSession;
import org.apache.kafka.common.errors.DuplicateBrokerRegistrationException;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Time;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

class BrokerRegistrationTest extends SharedZooKeeperTest {

    private ZkMetadataStore store(int sessionTimeoutMs) {
        ZkMetadataStore store = new ZkMetadataStore(new ZkMetadataStore.Config(connect, sessionTimeoutMs, 10_000));
        toClose.add(store);
        store.start();
        return store;
    }

    private ZkMetadataStore store() {
        return store(6_000);
    }

    @Test
    void registrationIsLiveWhileTheStoreIsOpen() throws Exception {
        ZkMetadataStore broker1 = store();
        ZkMetadataStore observer = store();
        ZkTestSupport.RecordingListener listener = new ZkTestSupport.RecordingListener();
        observer.addListener(listener);

        BrokerRegistration registration = new BrokerRegistration(1, "localhost", 9092, "rack-a");
        BrokerRegistration registered = broker1.registerBroker(registration);
        Stat created = raw.checkExists().forPath(chroot + "/brokers/ids/1");
        assertThat(registered.epoch()).as("broker epoch = czxid").isEqualTo(created.getCzxid());
        assertThat(broker1.liveBrokers()).containsExactly(registered);
        awaitTrue(() -> observer.liveBrokers().equals(List.of(registered)));
        awaitTrue(() -> listener.brokersChanged.get() > 0);

        Stat stat = raw.checkExists().forPath(chroot + "/brokers/ids/1");
        assertThat(stat.getEphemeralOwner()).isEqualTo(ZkTestSupport.sessionId(broker1.curator()));
        JsonNode json = ZkTestSupport.readJson(raw, chroot + "/brokers/ids/1");
        assertThat(json.get("version").asInt()).isEqualTo(5);
        assertThat(json.get("host").asText()).isEqualTo("localhost");
        assertThat(json.get("port").asInt()).isEqualTo(9092);
        assertThat(json.get("endpoints").get(0).asText()).isEqualTo("PLAINTEXT://localhost:9092");
        assertThat(json.get("listener_security_protocol_map").get("PLAINTEXT").asText()).isEqualTo("PLAINTEXT");
        assertThat(json.get("rack").asText()).isEqualTo("rack-a");
        assertThat(json.get("jmx_port").asInt()).isEqualTo(-1);
        assertThat(Long.parseLong(json.get("timestamp").asText())).isPositive();

        assertThat(observer.liveBroker(1)).contains(registered);
        assertThat(observer.liveBroker(2)).isEmpty();

        broker1.close();
        awaitTrue(() -> observer.liveBrokers().isEmpty());
        assertThat(observer.liveBroker(1)).as("a broker whose session ended is no longer live").isEmpty();
        assertThat(raw.checkExists().forPath(chroot + "/brokers/ids/1")).isNull();
    }

    @Test
    void registeringAgainUpdatesTheRegistration() {
        ZkMetadataStore broker = store();
        broker.registerBroker(new BrokerRegistration(1, "old-host", 9092, null));
        BrokerRegistration updated = broker.registerBroker(new BrokerRegistration(1, "new-host", 9093, null));
        assertThat(broker.liveBrokers()).as("the cached list follows the new registration").containsExactly(updated);
        assertThat(broker.liveBroker(1)).contains(updated);
        assertThat(updated.host()).isEqualTo("new-host");
        assertThatThrownBy(() -> broker.registerBroker(new BrokerRegistration(2, "h", 1, null)))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDuplicateBrokerIdIsRejectedOnceThePreviousSessionWaitIsOver() throws Exception {
        ZkMetadataStore first = store();
        MockTime time = new MockTime();
        ZkMetadataStore second = new ZkMetadataStore(new ZkMetadataStore.Config(connect, 6_000, 10_000), time);
        toClose.add(second);
        second.start();
        first.registerBroker(new BrokerRegistration(7, "a", 9092, null));

        CompletableFuture<BrokerRegistration> duplicate = CompletableFuture.supplyAsync(
            () -> second.registerBroker(new BrokerRegistration(7, "b", 9092, null)));
        // The live holder never goes away: only the (virtual) clock ends the wait, after timeout + margin.
        awaitTrue(() -> {
            time.sleep(1_000);
            return duplicate.isDone();
        });
        assertThatThrownBy(duplicate::join).hasCauseInstanceOf(DuplicateBrokerRegistrationException.class)
            .hasMessageContaining("broker.id 7 is already registered").hasMessageContaining("after waiting");
        assertThat(time.milliseconds()).isGreaterThanOrEqualTo(6_000 + BrokerRegistrar.PREVIOUS_SESSION_MARGIN_MS);

        second.registerBroker(new BrokerRegistration(8, "b", 9092, null));
        awaitTrue(() -> first.liveBrokers().size() == 2);
        assertThat(first.liveBrokers()).extracting(BrokerRegistration::brokerId).containsExactly(7, 8);
    }

    @Test
    void aBrokerRestartedAfterKill9WaitsForItsPreviousSessionAndThenRegisters() throws Exception {
        ZkMetadataStore restarted = store(1_500); // connected; creates the chroot's paths
        // The previous run: a session that registered broker.id 9 and then died without closing (kill -9).
        ZooKeeper previous = ZkTestSupport.connectRaw(zk.connectString() + chroot, 1_500);
        previous.create("/brokers/ids/9", BrokerIdZNode.encode(new BrokerRegistration(9, "old", 9092, null), 1L),
            ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long previousSession = previous.getSessionId();
        previous.getTestable().injectSessionExpiration(); // the client stops; the server keeps the session

        BrokerRegistration registered = restarted.registerBroker(new BrokerRegistration(9, "new", 9092, null));

        Stat stat = raw.checkExists().forPath(chroot + "/brokers/ids/9");
        assertThat(stat.getEphemeralOwner()).isNotEqualTo(previousSession)
            .isEqualTo(ZkTestSupport.sessionId(restarted.curator()));
        assertThat(registered.epoch()).isEqualTo(stat.getCzxid());
        assertThat(restarted.liveBrokers()).containsExactly(registered);
        assertThat(registered.host()).isEqualTo("new");
    }

    @Test
    void reRegistersAfterSessionExpiry() throws Exception {
        ZkMetadataStore broker = store();
        ZkMetadataStore observer = store();
        BrokerRegistration registration = new BrokerRegistration(3, "h3", 9092, null);
        long oldEpoch = broker.registerBroker(registration).epoch();
        long oldSession = ZkTestSupport.sessionId(broker.curator());

        ZkTestSupport.expireSession(broker.curator(), zk.connectString());

        awaitTrue(() -> {
            Stat stat = raw.checkExists().forPath(chroot + "/brokers/ids/3");
            return stat != null && stat.getEphemeralOwner() != oldSession
                && stat.getEphemeralOwner() == ZkTestSupport.sessionId(broker.curator());
        });
        long newEpoch = raw.checkExists().forPath(chroot + "/brokers/ids/3").getCzxid();
        assertThat(newEpoch).as("a re-registration is a new broker epoch").isGreaterThan(oldEpoch);
        BrokerRegistration current = registration.withEpoch(newEpoch);
        awaitTrue(() -> observer.liveBrokers().equals(List.of(current))
            && broker.liveBrokers().equals(List.of(current)));
    }

    @Test
    void reRegistersOnceTheOldSessionTimesOutAfterAClientSideExpiry() throws Exception {
        // KillSession expires the session in the client only: the server keeps the old session, and its
        // ephemeral znode, until the session times out, so the registrar has to keep retrying until then.
        ZkMetadataStore broker = store(1_500);
        broker.registerBroker(new BrokerRegistration(4, "h4", 9092, null));
        long oldSession = ZkTestSupport.sessionId(broker.curator());

        KillSession.kill(broker.curator().getZookeeperClient().getZooKeeper());

        awaitTrue(() -> {
            Stat stat = raw.checkExists().forPath(chroot + "/brokers/ids/4");
            return stat != null && stat.getEphemeralOwner() != oldSession
                && stat.getEphemeralOwner() == ZkTestSupport.sessionId(broker.curator());
        });
    }

    @Test
    void reRegistersADeletionTheMetadataCacheNeverReports() throws Exception {
        // A znode deleted right after its creation may never reach the metadata cache's watch; the registrar's own
        // watch must still see it. Here the cache is not told to report deletions at all.
        store(); // creates the base paths
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, 6_000, 10_000,
                new RetryOneTime(100))) {
            client.start();
            client.blockUntilConnected();
            try (MetadataEventDispatcher events = new MetadataEventDispatcher();
                 BrokerRegistrar registrar = new BrokerRegistrar(client, Time.SYSTEM, 6_000,
                         new ZkMetadataCache(client, events, id -> { }))) {
                long firstEpoch = registrar.register(new BrokerRegistration(6, "h6", 9092, null)).epoch();
                raw.delete().forPath(chroot + "/brokers/ids/6");
                awaitTrue(() -> {
                    Stat stat = raw.checkExists().forPath(chroot + "/brokers/ids/6");
                    return stat != null && stat.getCzxid() > firstEpoch;
                });
            }
        }
    }

    @Test
    void reRegistersWhenTheZnodeIsDeletedByHand() throws Exception {
        ZkMetadataStore broker = store();
        broker.registerBroker(new BrokerRegistration(5, "h5", 9092, null));
        raw.delete().forPath(chroot + "/brokers/ids/5");
        awaitTrue(() -> raw.checkExists().forPath(chroot + "/brokers/ids/5") != null);
        awaitTrue(() -> broker.liveBrokers().size() == 1);
    }
}
