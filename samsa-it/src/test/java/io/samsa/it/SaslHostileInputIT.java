package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken clients at a SASL listener and at a TLS listener, before and during login (issue 12; the protocol fuzzer covers the
 * APIs behind the login): seeded mutations of valid PLAIN and SCRAM exchanges (bit flips, truncations, lying sizes,
 * random tokens up to 64 KiB, requests out of turn, unread pipelines, mutated fetches after a valid login) by a user
 * whose ACLs forbid the topic it fetches. Each connection must be answered or closed
 * within a bound, never left hanging, no answer may carry the forbidden records, and the broker must keep serving
 * others: a probe after every case, a health
 * check on another connection every 25 cases, and real SASL logins at the end. The seed is printed; the run is
 * bounded in cases and time.
 */
class SaslHostileInputIT {
    private static final int CASES = Integer.getInteger("sasl.fuzz.cases", 400);
    private static final long MAX_RUN_MS = 90_000;
    private static final int BOUND_MS = 5_000;
    private static final int PROBE_CORRELATION_ID = 0x5a5a5a;
    private static final String SECRET_TOPIC = "secret";
    private static final String SECRET_MARKER = "TOP-SECRET-MARKER";

    @TempDir
    Path dir;
    private int answers;
    private int probesAnswered;

    private static Map<String, String> broker() {
        Map<String, String> c = new HashMap<>();
        c.put("listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0");
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://localhost:0");
        c.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        c.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"alice-secret\";");
        c.put("connection.failed.authentication.delay.ms", "20");
        c.put("listener.name.sasl_plaintext.plain.connections.max.reauth.ms", "60000");
        // alice may use topics named alice-*, nothing else; the harness (PLAINTEXT, ANONYMOUS) is a super user.
        c.put("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer");
        c.put("super.users", "User:ANONYMOUS");
        return c;
    }

    private static byte[] frame(AbstractRequest request, int correlationId) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "hostile", correlationId);
        ByteBuffer b = request.serializeWithHeader(header);
        return ByteBuffer.allocate(4 + b.remaining()).putInt(b.remaining()).put(b).array();
    }

    /** A valid login stream: handshake, then the first token of PLAIN or SCRAM (then ApiVersions and Metadata). */
    private static List<byte[]> validLogin(Random random) {
        String mechanism = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").get(random.nextInt(3));
        byte[] token = mechanism.equals("PLAIN") ? "\0alice\0alice-secret".getBytes(StandardCharsets.UTF_8)
                : ("n,,n=alice,r=" + Long.toHexString(random.nextLong())).getBytes(StandardCharsets.UTF_8);
        List<byte[]> frames = new ArrayList<>();
        frames.add(frame(new ApiVersionsRequest(new ApiVersionsRequestData().setClientSoftwareName("hostile")
                .setClientSoftwareVersion("1"), (short) 3), 1));
        frames.add(frame(new SaslHandshakeRequest(new SaslHandshakeRequestData().setMechanism(mechanism),
                (short) 1), 2));
        frames.add(frame(new SaslAuthenticateRequest(new SaslAuthenticateRequestData().setAuthBytes(token),
                (short) random.nextInt(3)), 3));
        frames.add(frame(new MetadataRequest(new MetadataRequestData(), (short) 12), 4));
        frames.add(secretFetch(5));
        return frames;
    }

    /** A Fetch of the topic alice may not read, by name (v12). */
    private static byte[] secretFetch(int correlationId) {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic(SECRET_TOPIC);
        topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                .setPartitionMaxBytes(1 << 20));
        return frame(new FetchRequest(new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0)
                .setMaxBytes(1 << 20).setSessionId(0).setSessionEpoch(-1)
                .setTopics(new ArrayList<>(List.of(topic))), (short) 12), correlationId);
    }

    /** One case's bytes: the valid stream mutated one of several ways. */
    private static byte[] hostile(Random random) {
        List<byte[]> frames = validLogin(random);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(8)) {
            case 7 -> { // a valid PLAIN login, then mutated fetches of the forbidden topic
                out.writeBytes(frame(new SaslHandshakeRequest(new SaslHandshakeRequestData().setMechanism("PLAIN"),
                        (short) 1), 2));
                out.writeBytes(frame(new SaslAuthenticateRequest(new SaslAuthenticateRequestData().setAuthBytes(
                        "\0alice\0alice-secret".getBytes(StandardCharsets.UTF_8)), (short) 2), 3));
                for (int i = random.nextInt(20) + 1; i > 0; i--) {
                    byte[] fetch = secretFetch(10 + i);
                    fetch[8 + random.nextInt(fetch.length - 8)] ^= (byte) (1 << random.nextInt(8));
                    out.writeBytes(fetch);
                }
            }
            case 0 -> { // a few bytes flipped anywhere after the first frame's size
                byte[] all = concat(frames);
                for (int i = random.nextInt(4) + 1; i > 0; i--) {
                    all[4 + random.nextInt(all.length - 4)] ^= (byte) (1 << random.nextInt(8));
                }
                out.writeBytes(all);
            }
            case 1 -> { // cut short anywhere
                byte[] all = concat(frames);
                out.write(all, 0, random.nextInt(all.length));
            }
            case 2 -> { // a lying size on one frame
                int which = random.nextInt(frames.size());
                byte[] f = frames.get(which);
                ByteBuffer.wrap(f).putInt(List.of(-1, 0, 1, 3, Integer.MAX_VALUE, f.length + 100_000)
                        .get(random.nextInt(6)));
                frames.forEach(out::writeBytes);
            }
            case 3 -> { // random auth bytes, up to 64 KiB
                byte[] token = new byte[random.nextInt(65_536)];
                random.nextBytes(token);
                out.writeBytes(frames.get(1));
                out.writeBytes(frame(new SaslAuthenticateRequest(new SaslAuthenticateRequestData()
                        .setAuthBytes(token), (short) 2), 3));
            }
            case 4 -> { // out of turn: the requests in a random order, some twice
                for (int i = random.nextInt(6) + 1; i > 0; i--) {
                    out.writeBytes(frames.get(random.nextInt(frames.size())));
                }
            }
            case 5 -> { // a frame of random bytes in place of one
                int which = random.nextInt(frames.size());
                for (int i = 0; i < frames.size(); i++) {
                    if (i == which) {
                        byte[] body = new byte[random.nextInt(200)];
                        random.nextBytes(body);
                        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
                        out.writeBytes(body);
                    } else {
                        out.writeBytes(frames.get(i));
                    }
                }
            }
            default -> { // a pipeline of handshakes, many
                for (int i = random.nextInt(500) + 1; i > 0; i--) {
                    out.writeBytes(frames.get(1));
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * Sends {@code bytes}, an ApiVersions probe and the end of its stream, then reads: the case passes once the probe is answered or the
     * broker closes; it fails (the description returned) on a malformed response or on silence for the bound.
     */
    private String run(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(BOUND_MS);
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().write(frame(new ApiVersionsRequest(new ApiVersionsRequestData(),
                        (short) 3), PROBE_CORRELATION_ID));
                socket.getOutputStream().flush();
                // A cut-short or over-long frame waits for bytes that will never come: the end of the stream says
                // so (a broker may otherwise rightly wait for connections.max.idle.ms).
                socket.shutdownOutput();
            } catch (SocketException e) {
                return null; // closed while writing: a close is an answer
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int size;
                try {
                    size = in.readInt();
                } catch (EOFException | SocketException e) {
                    return null;
                } catch (SocketTimeoutException e) {
                    return "no answer and no close within " + BOUND_MS + " ms";
                }
                if (size < 4 || size > 100 << 20) {
                    return "response size " + size;
                }
                byte[] response = new byte[size];
                try {
                    in.readFully(response);
                } catch (EOFException | SocketException e) {
                    return "a response cut short by the close";
                } catch (SocketTimeoutException e) {
                    return "a response left half-written";
                }
                answers++;
                if (new String(response, StandardCharsets.ISO_8859_1).contains(SECRET_MARKER)) {
                    return "a response carries the forbidden topic's records";
                }
                if (ByteBuffer.wrap(response).getInt() == PROBE_CORRELATION_ID) {
                    probesAnswered++;
                    return null;
                }
            }
        }
    }

    @Test
    void garbageAtATlsListenerClosesThatConnectionAndTlsClientsKeepWorking() throws Exception {
        long seed = Long.getLong("sasl.fuzz.seed", System.nanoTime());
        System.out.println("TLS hostile input: seed " + seed);
        Random random = new Random(seed);
        Path keyStore = TestKeyStores.keyStore(dir, "broker", "PKCS12");
        Map<String, String> c = new HashMap<>();
        c.put("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0");
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0,SSL://localhost:0");
        c.put("ssl.keystore.location", keyStore.toString());
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.password", TestKeyStores.PASSWORD);
        try (TestBroker broker = TestBroker.start(dir, c)) {
            int port = broker.broker().port("SSL");
            List<String> findings = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] bytes = new byte[random.nextInt(20_000) + 1];
                random.nextBytes(bytes);
                if (random.nextBoolean()) {
                    bytes[0] = 0x16; // a TLS handshake record header, then nonsense
                    bytes[Math.min(1, bytes.length - 1)] = 0x03;
                }
                if (!closesWithinBound(port, bytes)) {
                    findings.add("case " + i + " (" + bytes.length + " bytes): open after " + BOUND_MS + " ms");
                }
            }
            assertThat(findings).as("seed " + seed).isEmpty();
            Map<String, Object> tls = TestKeyStores.clientTls("localhost:" + port,
                    TestKeyStores.trustStore(dir, "client-trust", "broker"));
            try (Admin admin = Admin.create(tls)) {
                assertThat(admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                        .as("a TLS client after the garbage").hasSize(1);
            }
            assertThat(healthy(broker)).isTrue();
        }
    }

    /** Sends {@code bytes} and reads whatever comes (a TLS alert) until the broker closes; false if it does not. */
    private static boolean closesWithinBound(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(BOUND_MS);
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                socket.shutdownOutput(); // a record cut short would rightly wait for the rest until idle
            } catch (SocketException e) {
                return true;
            }
            byte[] sink = new byte[4096];
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MS);
            while (System.nanoTime() < deadline) {
                try {
                    if (socket.getInputStream().read(sink) < 0) {
                        return true;
                    }
                } catch (SocketException e) {
                    return true;
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
            return false;
        }
    }

    private static boolean healthy(TestBroker broker) {
        try (RawConnection c = new RawConnection(broker.port())) {
            c.call(new ApiVersionsRequest.Builder().build((short) 3));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void malformedAndOutOfTurnLoginsCloseOrAnswerTheirConnectionAndTheBrokerKeepsServing() throws Exception {
        long seed = Long.getLong("sasl.fuzz.seed", System.nanoTime());
        System.out.println("SASL hostile input: seed " + seed + " (-Dsasl.fuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        try (TestBroker broker = TestBroker.start(dir, broker())) {
            try (Admin admin = broker.adminClient()) {
                admin.alterUserScramCredentials(List.of(
                        new UserScramCredentialUpsertion("alice",
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "alice-secret"),
                        new UserScramCredentialUpsertion("alice",
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "alice-secret")))
                        .all().get();
            }
            try (Admin admin = broker.adminClient();
                 var producer = broker.producer()) {
                Clients.createTopic(admin, SECRET_TOPIC, 1);
                admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "alice-",
                        PatternType.PREFIXED), new AccessControlEntry("User:alice", "*", AclOperation.ALL,
                        AclPermissionType.ALLOW)))).all().get();
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(SECRET_TOPIC, (SECRET_MARKER + "-" + i)
                            .getBytes(StandardCharsets.UTF_8))).get();
                }
            }
            int port = broker.broker().port("SASL_PLAINTEXT");
            long baseline = broker.networkMetric("ConnectionCount");
            List<String> findings = new ArrayList<>();
            long end = System.currentTimeMillis() + MAX_RUN_MS;
            int ran = 0;
            for (; ran < CASES && System.currentTimeMillis() < end; ran++) {
                byte[] bytes = hostile(random);
                String problem = run(port, bytes);
                if (problem != null) {
                    findings.add("case " + ran + " (" + bytes.length + " bytes): " + problem);
                }
                if (ran % 25 == 0 && !healthy(broker)) {
                    findings.add("after case " + ran + ": the PLAINTEXT listener stopped answering");
                }
            }
            System.out.println("SASL hostile input: " + ran + " cases, " + answers + " answers read, "
                    + probesAnswered + " probes answered (the rest closed), findings " + findings);
            assertThat(answers).as("answers read: the cases reached the SASL stage").isGreaterThan(ran / 4);
            assertThat(findings).as("seed " + seed).isEmpty();
            assertThat(ran).isGreaterThanOrEqualTo(Math.min(CASES, 100));

            for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")) {
                Map<String, Object> c = new HashMap<>();
                c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
                c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
                c.put(SaslConfigs.SASL_MECHANISM, mechanism);
                c.put(SaslConfigs.SASL_JAAS_CONFIG, (mechanism.equals("PLAIN")
                        ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                        : "org.apache.kafka.common.security.scram.ScramLoginModule")
                        + " required username=\"alice\" password=\"alice-secret\";");
                try (Admin admin = Admin.create(c)) {
                    assertThat(admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                            .as("a real " + mechanism + " login after the cases").hasSize(1);
                }
            }
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(broker.networkMetric("ConnectionCount"))
                    .as("every hostile connection closed").isLessThanOrEqualTo(baseline));
        }
    }
}
