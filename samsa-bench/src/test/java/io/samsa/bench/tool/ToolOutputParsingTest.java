package io.samsa.bench.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The parsers read what Kafka 4.1.1's tools really print (lines copied from runs). */
class ToolOutputParsingTest {

    @Test
    void producerPerformanceSummaryIsTheLastLine() {
        String out = """
                [main] WARN some.Logger - noise
                143921 records sent, 28778.4 records/sec (28.10 MB/sec), 548.2 ms avg latency, 1124.0 ms max latency.
                200000 records sent, 70947.1 records/sec (69.28 MB/sec), 232.44 ms avg latency, 540.00 ms max \
                latency, 235 ms 50th, 362 ms 95th, 381 ms 99th, 395 ms 99.9th.
                """;
        ProducerPerfResult r = ProducerPerfResult.parse(out);
        assertThat(r.records()).isEqualTo(200_000);
        assertThat(r.recordsPerSec()).isEqualTo(70947.1);
        assertThat(r.mbPerSec()).isEqualTo(69.28);
        assertThat(r.avgLatencyMs()).isEqualTo(232.44);
        assertThat(r.maxLatencyMs()).isEqualTo(540.0);
        assertThat(r.p50Ms()).isEqualTo(235);
        assertThat(r.p95Ms()).isEqualTo(362);
        assertThat(r.p99Ms()).isEqualTo(381);
        assertThat(r.p999Ms()).isEqualTo(395);
    }

    @Test
    void producerPerformanceWithoutSummaryIsRejected() {
        assertThatThrownBy(() -> ProducerPerfResult.parse("143921 records sent, 28778.4 records/sec (28.10 MB/sec),"
                + " 548.2 ms avg latency, 1124.0 ms max latency."))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consumerPerformanceResultLine() {
        String out = """
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, \
                rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-21 22:55:02:681, 2026-11-21 22:55:04:584, 195.3125, 102.6340, 200000, 105097.2149, 868, \
                1035, 188.7077, 193236.7150
                """;
        ConsumerPerfResult r = ConsumerPerfResult.parse(out);
        assertThat(r.mb()).isEqualTo(195.3125);
        assertThat(r.mbPerSec()).isEqualTo(102.634);
        assertThat(r.records()).isEqualTo(200_000);
        assertThat(r.recordsPerSec()).isEqualTo(105097.2149);
        assertThat(r.rebalanceMs()).isEqualTo(868);
        assertThat(r.fetchMs()).isEqualTo(1035);
        assertThat(r.fetchMbPerSec()).isEqualTo(188.7077);
        assertThat(r.complete()).isTrue();
    }

    @Test
    void consumerPerformanceTimeoutIsIncomplete() {
        String out = """
                WARNING: Exiting before consuming the expected number of messages: timeout (10000 ms) exceeded. \
                You can use the --timeout option to increase the timeout.
                2026-11-21 22:55:02:681, 2026-11-21 22:55:14:584, 0.0000, 0.0000, 0, 0.0000, 0, 11903, 0.0000, 0.0000
                """;
        ConsumerPerfResult r = ConsumerPerfResult.parse(out);
        assertThat(r.records()).isZero();
        assertThat(r.complete()).isFalse();
    }

    @Test
    void endToEndLatencyResult() {
        String out = "0\t58.604258\nAvg latency: 3.5251 ms\nPercentiles: 50th = 2, 99th = 12, 99.9th = 58\n";
        EndToEndLatencyResult r = EndToEndLatencyResult.parse(out);
        assertThat(r.avgMs()).isEqualTo(3.5251);
        assertThat(r.p50Ms()).isEqualTo(2);
        assertThat(r.p99Ms()).isEqualTo(12);
        assertThat(r.p999Ms()).isEqualTo(58);
    }

    @Test
    void failureReasonIsTheFirstExceptionLine() {
        String out = """
                java -cp lib/* org.apache.kafka.tools.ConsumerPerformance --topic w1
                [main] INFO org.apache.kafka.clients.Metadata - Cluster ID: x
                The node does not support FIND_COORDINATOR
                org.apache.kafka.common.errors.UnsupportedVersionException: The node does not support FIND_COORDINATOR
                \tat org.apache.kafka.clients.NetworkClient.send(NetworkClient.java:1)
                """;
        ToolResult r = new ToolResult(1, false, out, Path.of("x.log"), 1000);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.failureReason()).isEqualTo(
                "org.apache.kafka.common.errors.UnsupportedVersionException: The node does not support FIND_COORDINATOR");
    }

    @Test
    void failureReasonOfATimeoutSaysSo() {
        ToolResult r = new ToolResult(-1, true, "", Path.of("x.log"), 61_000);
        assertThat(r.failureReason()).startsWith("timed out after 61 s");
    }
}
