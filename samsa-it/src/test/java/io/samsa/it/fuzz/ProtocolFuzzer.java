package io.samsa.it.fuzz;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs the fuzz cases of {@link FuzzSettings} against a {@link FuzzFixture}, one after another, each on its own
 * connection ({@link CaseRunner}); checks between them that well-behaved clients are served ({@link HealthCheck})
 * and keeps the fixture's state small ({@link FuzzFixture#tidy()}); at the end checks for leaked connections and
 * buffers and reads back what was produced ({@link ClientsCheck}). Every loop here is bounded by the settings'
 * case count and time limit. Not thread-safe.
 */
final class ProtocolFuzzer {
    private static final int HEALTH_EVERY = 50;
    private static final int TIDY_EVERY = 200;
    /** The broker's socket.request.max.bytes; the fixture keeps Kafka's default. */
    private static final int MAX_FRAME_BYTES = 100 * 1024 * 1024;
    /** Sockets the fixture's own clients may open or close (reconnects) while the cases ran. */
    private static final int SOCKET_SLACK = 6;

    private final FuzzFixture fixture;
    private final FuzzSettings settings;
    private final LeakWatch leaks;
    private final FuzzReport report = new FuzzReport();

    ProtocolFuzzer(FuzzFixture fixture, FuzzSettings settings, LeakWatch leaks) {
        this.fixture = fixture;
        this.settings = settings;
        this.leaks = leaks;
    }

    FuzzReport run() throws Exception {
        long started = System.nanoTime();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fuzz-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (HealthCheck health = new HealthCheck(fixture.port(), fixture.targets().dataTopic(), watchdog,
                settings.responseBound())) {
            AdvertisedApis apis = advertised(watchdog);
            report.coverage(apis.apiCount(), apis.pairs().size());
            int socketBaseline = LeakWatch.openSockets();
            CaseFactory factory = new CaseFactory(fixture::targets, apis, settings.pipelineDepth());
            CaseRunner runner = new CaseRunner(fixture.port(), new ExpectedReplies(apis, MAX_FRAME_BYTES), watchdog,
                    settings.responseBound(), health, report);
            if (settings.isReplay()) {
                replay(factory, runner, apis);
            } else {
                for (long seed : settings.seeds()) {
                    runSeed(seed, apis, factory, runner, health, started);
                }
            }
            endChecks(health, socketBaseline);
        } finally {
            watchdog.shutdownNow();
            report.elapsed(Duration.ofNanos(System.nanoTime() - started));
        }
        return report;
    }

    private AdvertisedApis advertised(ScheduledExecutorService watchdog) throws IOException {
        try (WireConnection c = new WireConnection(fixture.port(), watchdog, settings.responseBound())) {
            c.write(Probe.apiVersions(1), settings.responseBound());
            WireConnection.Read read = c.read(settings.responseBound());
            if (!(read instanceof WireConnection.Frame frame)) {
                throw new IllegalStateException("no ApiVersions answer: " + read);
            }
            ByteBuffer b = frame.bytes();
            ResponseHeader.parse(b, ApiKeys.API_VERSIONS.responseHeaderVersion((short) 3));
            return new AdvertisedApis(ApiVersionsResponse.parse(new ByteBufferAccessor(b), (short) 3).data());
        }
    }

    private void runSeed(long seed, AdvertisedApis apis, CaseFactory factory, CaseRunner runner,
                         HealthCheck health, long started) throws Exception {
        report.seed(seed);
        System.out.println("Protocol fuzzer: seed " + seed + " (replay a case with -Dfuzz.seed=" + seed
                + " -Dfuzz.replay=N)");
        CasePlan plan = new CasePlan(seed, apis);
        long perRound = plan.casesPerRound();
        for (long n = 0; n < settings.maxCases(); n++) {
            long round = n / perRound;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            boolean roundStart = n % perRound == 0;
            if (round >= settings.roundsPerSeed() || elapsed.compareTo(settings.hardLimit()) >= 0
                    || (roundStart && round > 0 && elapsed.compareTo(settings.duration()) >= 0) || report.full()) {
                return;
            }
            CasePlan.Planned p = plan.get(n);
            FuzzCase c = factory.make(n, p.seed(), p.kind(), p.pair().api(), p.pair().version());
            runner.run(c, seed);
            if ((n + 1) % HEALTH_EVERY == 0 && !healthy(health, seed, "after case " + n)) {
                return; // a broker that stopped serving makes every later case fail for the same reason
            }
            if ((n + 1) % TIDY_EVERY == 0 && !tidy(seed, "after cases " + (n + 1 - TIDY_EVERY) + ".." + n)) {
                return;
            }
        }
    }

    private boolean healthy(HealthCheck health, long seed, String where) {
        report.healthCheck();
        report.framesSent(HealthCheck.FRAMES_PER_CHECK);
        String problem = health.check();
        if (problem == null) {
            return true;
        }
        report.add(Finding.between(Finding.Problem.UNRESPONSIVE, "health check " + where, seed, problem));
        return false;
    }

    /** Tidies the fixture; false (with a finding) if the broker would not let an admin client put it right. */
    private boolean tidy(long seed, String when) {
        String broken;
        try {
            broken = fixture.tidy();
        } catch (Exception e) {
            broken = "the admin client failed: " + e;
        }
        if (broken == null) {
            return true;
        }
        report.add(Finding.between(Finding.Problem.UNRESPONSIVE, "fixed topics " + when, seed, broken));
        return false;
    }

    private void replay(CaseFactory factory, CaseRunner runner, AdvertisedApis apis) {
        long seed = settings.seeds().get(0);
        report.seed(seed);
        CasePlan.Planned p = new CasePlan(seed, apis).get(settings.replayCase());
        FuzzCase c = factory.make(p.number(), p.seed(), p.kind(), p.pair().api(), p.pair().version());
        System.out.println("Replaying " + c.describe() + "\n  sends " + Frames.hex(c.stream(), 4096));
        runner.run(c, seed);
    }

    private void endChecks(HealthCheck health, int socketBaseline) throws Exception {
        long seed = settings.seeds().get(settings.seeds().size() - 1);
        if (!healthy(health, seed, "at the end")) {
            return;
        }
        if (socketBaseline >= 0) {
            try {
                await("connections the cases opened are closed").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> LeakWatch.openSockets() <= socketBaseline + SOCKET_SLACK);
            } catch (ConditionTimeoutException e) {
                report.add(Finding.between(Finding.Problem.SOCKET_LEAK, "socket count at the end", seed,
                        LeakWatch.openSockets() + " sockets open in the test JVM, " + socketBaseline
                                + " before the cases ran: the broker kept connections the fuzzer had closed"));
            }
        }
        if (tidy(seed, "at the end")) {
            Finding clients = ClientsCheck.run(fixture, seed);
            if (clients != null) {
                report.add(clients);
            }
        }
        List<String> leaked = leaks.leaks();
        for (String leak : leaked) {
            report.add(Finding.between(Finding.Problem.LEAK, "Netty leak detector", seed, leak));
        }
    }
}
