package io.samsa.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol fuzzer (issue 8). In {@code mvn verify} it runs its short form: one round over every advertised
 * (API, version) with the fixed seed, and one with a random seed, printed. {@code mvn -P fuzz verify -pl samsa-it
 * -am} runs the long form (see samsa-it's pom); the system properties of {@link FuzzSettings} choose the seed,
 * the duration, or one case to replay.
 */
class ProtocolFuzzIT {
    @TempDir
    static Path dir;
    static LeakWatch leaks;
    static FuzzFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        // The broker first: a leak check installed when TestBroker loads (a detector factory) must come before
        // anything touches Netty's buffers. Leak tracking counts from here, which covers every case.
        fixture = FuzzFixture.start(dir);
        leaks = LeakWatch.start();
    }

    @AfterAll
    static void stop() {
        if (leaks != null) {
            leaks.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyApiAtEveryVersionAnswersOrClosesAndTheBrokerKeepsServing() throws Exception {
        FuzzReport report = new ProtocolFuzzer(fixture, FuzzSettings.fromSystemProperties(), leaks).run();

        System.out.println(report.summary());
        assertThat(report.failing()).as(report.summary()).isEmpty();
    }
}
