package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.samsa.broker.auth.AclAuthorizer;
import io.samsa.testkit.InProcessCluster;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLs (issue 12, point 4) with the official Java client and kafka-acls: principals come from mutual TLS
 * ({@code User:CN=alice}, {@code User:CN=bob}); the PLAINTEXT listener's {@code User:ANONYMOUS} is a super user, as
 * the brokers' own principal must be, and sets the ACLs up. Each test uses topics and groups of its own.
 */
class AclIT {
    private static final String ALICE = "User:CN=alice";
    private static final String BOB = "User:CN=bob";

    @TempDir
    static Path dir;
    private static TestBroker broker;
    private static Admin superUser;
    private static Map<String, Object> aliceTls;
    private static Map<String, Object> bobTls;

    @BeforeAll
    static void startBroker() throws Exception {
        Path brokerKeys = TestKeyStores.keyStore(dir, "broker", "PKCS12");
        TestKeyStores.keyStore(dir, "alice", "PKCS12");
        TestKeyStores.keyStore(dir, "bob", "PKCS12");
        Path clientTrust = TestKeyStores.trustStore(dir, "client-trust", "broker");
        Path brokerTrust = TestKeyStores.trustStore(dir, "broker-trust", "alice", "bob");
        Map<String, String> c = new HashMap<>();
        c.put("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0");
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0,SSL://localhost:0");
        c.put("ssl.keystore.location", brokerKeys.toString());
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.password", TestKeyStores.PASSWORD);
        c.put("ssl.key.password", TestKeyStores.PASSWORD);
        c.put("ssl.client.auth", "required");
        c.put("ssl.truststore.location", brokerTrust.toString());
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.password", TestKeyStores.PASSWORD);
        // Kafka's class name, as an existing server.properties has it.
        c.put("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer");
        c.put("super.users", "User:ANONYMOUS");
        broker = TestBroker.start(dir, c);
        superUser = broker.adminClient();
        aliceTls = clientTls("alice", clientTrust);
        bobTls = clientTls("bob", clientTrust);
    }

    @AfterAll
    static void stopBroker() {
        if (superUser != null) {
            superUser.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Map<String, Object> clientTls(String name, Path trustStore) {
        Map<String, Object> c = TestKeyStores.clientTls("localhost:" + broker.broker().port("SSL"), trustStore);
        c.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, dir.resolve(name + ".p12").toString());
        c.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        c.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TestKeyStores.PASSWORD);
        c.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, TestKeyStores.PASSWORD);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return c;
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal,
                                  AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, permission));
    }

    private static void allow(AclBinding... acls) throws Exception {
        superUser.createAcls(List.of(acls)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f) throws Exception {
        return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> tls, boolean idempotent) {
        Map<String, Object> c = new HashMap<>(tls);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        c.put(ProducerConfig.ACKS_CONFIG, idempotent ? "all" : "1");
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(c);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> tls, String group) {
        Map<String, Object> c = new HashMap<>(tls);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(c);
    }

    @Test
    void produceNeedsWriteAndConsumeNeedsReadOnTopicAndGroup() throws Exception {
        Clients.createTopic(superUser, "orders", 1);
        try (KafkaProducer<byte[], byte[]> denied = producer(aliceTls, false)) {
            assertThatThrownBy(() -> denied.send(new ProducerRecord<>("orders", "x".getBytes(StandardCharsets.UTF_8)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        allow(acl(ResourceType.TOPIC, "orders", PatternType.LITERAL, ALICE, AclOperation.WRITE, AclPermissionType.ALLOW));
        try (KafkaProducer<byte[], byte[]> producer = producer(aliceTls, true)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("orders", ("order-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }

        TopicPartition tp = new TopicPartition("orders", 0);
        try (KafkaConsumer<byte[], byte[]> bobDenied = consumer(bobTls, "bob-group")) {
            bobDenied.subscribe(List.of("orders"));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    bobDenied.poll(Duration.ofMillis(200));
                }
            }).isInstanceOfAny(TopicAuthorizationException.class, GroupAuthorizationException.class);
        }
        // A prefixed ACL on the topic, a literal one on the group.
        allow(acl(ResourceType.TOPIC, "ord", PatternType.PREFIXED, BOB, AclOperation.READ, AclPermissionType.ALLOW),
                acl(ResourceType.GROUP, "bob-group", PatternType.LITERAL, BOB, AclOperation.READ,
                        AclPermissionType.ALLOW));
        try (KafkaConsumer<byte[], byte[]> bobConsumer = consumer(bobTls, "bob-group")) {
            bobConsumer.subscribe(List.of("orders"));
            List<ConsumerRecord<byte[], byte[]>> read = new java.util.ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                bobConsumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= 10;
            });
            bobConsumer.commitSync();
            assertThat(bobConsumer.committed(Set.of(tp)).get(tp).offset()).isEqualTo(10);
        }
        // Deny wins: bob may no longer read this one topic.
        allow(acl(ResourceType.TOPIC, "orders", PatternType.LITERAL, BOB, AclOperation.READ, AclPermissionType.DENY));
        try (KafkaConsumer<byte[], byte[]> bobConsumer = consumer(bobTls, "bob-group")) {
            bobConsumer.assign(List.of(tp));
            bobConsumer.seekToBeginning(List.of(tp));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    bobConsumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void metadataShowsOnlyTopicsThePrincipalMayDescribe() throws Exception {
        Clients.createTopic(superUser, "visible-to-alice", 1);
        Clients.createTopic(superUser, "hidden-from-alice", 1);
        allow(acl(ResourceType.TOPIC, "visible-to-alice", PatternType.LITERAL, ALICE, AclOperation.DESCRIBE,
                AclPermissionType.ALLOW));
        try (Admin alice = Admin.create(aliceTls)) {
            // Other tests give alice topics of their own; the one she may not describe must never show.
            assertThat(get(alice.listTopics().names())).contains("visible-to-alice")
                    .doesNotContain("hidden-from-alice");
            assertThatThrownBy(() -> get(alice.describeTopics(List.of("hidden-from-alice")).allTopicNames()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            var described = get(alice.describeTopics(List.of("visible-to-alice"),
                    new org.apache.kafka.clients.admin.DescribeTopicsOptions().includeAuthorizedOperations(true))
                    .allTopicNames());
            assertThat(described.get("visible-to-alice").authorizedOperations()).containsExactly(AclOperation.DESCRIBE);
        }
        assertThat(get(superUser.listTopics().names())).contains("visible-to-alice", "hidden-from-alice");
    }

    @Test
    void createDeleteTopicsAndConfigsFollowPrefixedAllowAndLiteralDeny() throws Exception {
        try (Admin alice = Admin.create(aliceTls)) {
            assertThatThrownBy(() -> get(alice.createTopics(List.of(new NewTopic("alice-1", 1, (short) 1))).all()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            allow(acl(ResourceType.TOPIC, "alice-", PatternType.PREFIXED, ALICE, AclOperation.CREATE,
                            AclPermissionType.ALLOW),
                    acl(ResourceType.TOPIC, "alice-", PatternType.PREFIXED, ALICE, AclOperation.ALTER_CONFIGS,
                            AclPermissionType.ALLOW),
                    acl(ResourceType.TOPIC, "alice-", PatternType.PREFIXED, ALICE, AclOperation.DELETE,
                            AclPermissionType.ALLOW),
                    acl(ResourceType.TOPIC, "alice-locked", PatternType.LITERAL, ALICE, AclOperation.ALTER_CONFIGS,
                            AclPermissionType.DENY));
            get(alice.createTopics(List.of(new NewTopic("alice-1", 1, (short) 1),
                    new NewTopic("alice-locked", 1, (short) 1))).all());
            assertThatThrownBy(() -> get(alice.createTopics(List.of(new NewTopic("bob-1", 1, (short) 1))).all()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);

            ConfigResource mine = new ConfigResource(ConfigResource.Type.TOPIC, "alice-1");
            AlterConfigOp retention = new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"),
                    AlterConfigOp.OpType.SET);
            get(alice.incrementalAlterConfigs(Map.of(mine, List.of(retention))).all());
            // ALTER_CONFIGS implies DESCRIBE_CONFIGS.
            assertThat(get(alice.describeConfigs(List.of(mine)).all()).get(mine).get("retention.ms").value())
                    .isEqualTo("3600000");
            ConfigResource locked = new ConfigResource(ConfigResource.Type.TOPIC, "alice-locked");
            assertThatThrownBy(() -> get(alice.incrementalAlterConfigs(Map.of(locked, List.of(retention))).all()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            ConfigResource brokerConfigs = new ConfigResource(ConfigResource.Type.BROKER, "0");
            assertThatThrownBy(() -> get(alice.describeConfigs(List.of(brokerConfigs)).all()))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);

            get(alice.deleteTopics(List.of("alice-1")).all());
            // Only super users (ALTER on the cluster) may change ACLs.
            assertThatThrownBy(() -> get(alice.createAcls(List.of(acl(ResourceType.TOPIC, "x", PatternType.LITERAL,
                    ALICE, AclOperation.ALL, AclPermissionType.ALLOW))).all()))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    @Test
    void transactionsNeedWriteOnTheTransactionalId() throws Exception {
        Clients.createTopic(superUser, "tx-orders", 1);
        allow(acl(ResourceType.TOPIC, "tx-orders", PatternType.LITERAL, ALICE, AclOperation.WRITE,
                AclPermissionType.ALLOW));
        Map<String, Object> transactional = new HashMap<>(aliceTls);
        transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alice-tx-1");
        try (KafkaProducer<byte[], byte[]> denied = producer(transactional, true)) {
            assertThatThrownBy(denied::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        allow(acl(ResourceType.TRANSACTIONAL_ID, "alice-tx-", PatternType.PREFIXED, ALICE, AclOperation.WRITE,
                AclPermissionType.ALLOW));
        try (KafkaProducer<byte[], byte[]> producer = producer(transactional, true)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-orders", "committed".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
        }
        Map<String, Object> readCommitted = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // The commit markers are written after commitTransaction returns (by the broker, as a super user).
        await().atMost(TIMEOUT).untilAsserted(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(readCommitted)) {
                assertThat(Clients.readFromBeginning(consumer, List.of(new TopicPartition("tx-orders", 0))))
                        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("committed");
            }
        });
    }

    @Test
    void groupOffsetsAndDescriptionsFollowGroupAndTopicAcls() throws Exception {
        Clients.createTopic(superUser, "audit-a", 1);
        Clients.createTopic(superUser, "audit-b", 1);
        TopicPartition a = new TopicPartition("audit-a", 0);
        TopicPartition b = new TopicPartition("audit-b", 0);
        get(superUser.alterConsumerGroupOffsets("audit-group", Map.of(
                a, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0),
                b, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0))).all());
        allow(acl(ResourceType.GROUP, "audit-group", PatternType.LITERAL, BOB, AclOperation.READ,
                        AclPermissionType.ALLOW),
                acl(ResourceType.TOPIC, "audit-a", PatternType.LITERAL, BOB, AclOperation.READ,
                        AclPermissionType.ALLOW));
        try (Admin bob = Admin.create(bobTls)) {
            // An all-topics offset fetch leaves out the topic bob may not describe.
            assertThat(get(bob.listConsumerGroupOffsets("audit-group").partitionsToOffsetAndMetadata()))
                    .containsOnlyKeys(a);
            assertThatThrownBy(() -> get(bob.describeConsumerGroups(List.of("someone-elses")).all()))
                    .hasCauseInstanceOf(GroupAuthorizationException.class);
            // READ on the group does not give DELETE.
            assertThatThrownBy(() -> get(bob.deleteConsumerGroups(List.of("audit-group")).all()))
                    .hasCauseInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void autoCreationNeedsCreate() throws Exception {
        allow(acl(ResourceType.TOPIC, "auto-", PatternType.PREFIXED, ALICE, AclOperation.WRITE,
                AclPermissionType.ALLOW));
        try (KafkaProducer<byte[], byte[]> producer = producer(aliceTls, false)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("auto-1", new byte[1]))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(get(superUser.listTopics().names())).doesNotContain("auto-1");
        allow(acl(ResourceType.TOPIC, "auto-", PatternType.PREFIXED, ALICE, AclOperation.CREATE,
                AclPermissionType.ALLOW));
        try (KafkaProducer<byte[], byte[]> producer = producer(aliceTls, false)) {
            producer.send(new ProducerRecord<>("auto-1", new byte[1])).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(get(superUser.listTopics().names())).contains("auto-1");
    }

    @Test
    void kafkaAclsAddsListsAndRemoves() throws Exception {
        CliTools.Result added = kafkaAcls("--add", "--allow-principal", BOB, "--operation", "Read",
                "--operation", "Describe", "--topic", "cli-acl-topic", "--group", "cli-", "--resource-pattern-type",
                "prefixed");
        assertThat(added.out()).contains("cli-acl-topic").contains(BOB);
        CliTools.Result listed = kafkaAcls("--list", "--topic", "cli-acl-topic", "--resource-pattern-type", "prefixed");
        assertThat(listed.out()).contains("principal=User:CN=bob").contains("operation=READ")
                .contains("operation=DESCRIBE");
        assertThat(get(superUser.describeAcls(AclBindingFilter.ANY).values()))
                .anySatisfy(b -> assertThat(b.pattern()).isEqualTo(new ResourcePattern(ResourceType.GROUP, "cli-",
                        PatternType.PREFIXED)));
        kafkaAcls("--remove", "--force", "--allow-principal", BOB, "--operation", "Read", "--operation", "Describe",
                "--topic", "cli-acl-topic", "--group", "cli-", "--resource-pattern-type", "prefixed");
        assertThat(get(superUser.describeAcls(AclBindingFilter.ANY).values()))
                .noneSatisfy(b -> assertThat(b.pattern().name()).isIn("cli-acl-topic", "cli-"));
    }

    private static CliTools.Result kafkaAcls(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        // Kafka's AclCommand needs its server-side classes (AclEntry): the kafka_2.13 class path has them.
        CliTools.Result r = CliTools.runKafkaCore(dir, Duration.ofSeconds(120), "org.apache.kafka.tools.AclCommand",
                all);
        assertThat(r.status()).as("kafka-acls %s\n%s", String.join(" ", args), r).isZero();
        return r;
    }

    @Test
    void aSecondBrokerPicksUpAclsWrittenThroughTheFirst(@TempDir Path clusterDir) throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(clusterDir, 2, Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS"))) {
            AclBinding binding = acl(ResourceType.TOPIC, "shared", PatternType.LITERAL, ALICE, AclOperation.READ,
                    AclPermissionType.ALLOW);
            try (Admin first = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + cluster.broker(0).port()))) {
                get(first.createAcls(List.of(binding)).all());
                // The second broker's own copy, kept current by its watch, decides there.
                AclAuthorizer second = cluster.broker(1).context().authorization().authorizer().orElseThrow();
                KafkaPrincipal alice = new KafkaPrincipal("User", "CN=alice");
                await().atMost(TIMEOUT).untilAsserted(() -> {
                    assertThat(second.acls(AclBindingFilter.ANY)).contains(binding);
                    assertThat(second.authorize(alice, InetAddress.getLoopbackAddress(), AclOperation.READ,
                            ResourceType.TOPIC, "shared")).isTrue();
                });
                get(first.deleteAcls(List.of(binding.toFilter())).all());
                await().atMost(TIMEOUT).untilAsserted(() -> {
                    assertThat(second.acls(AclBindingFilter.ANY)).doesNotContain(binding);
                    assertThat(second.authorize(alice, InetAddress.getLoopbackAddress(), AclOperation.READ,
                            ResourceType.TOPIC, "shared")).isFalse();
                });
            }
        }
    }
}
