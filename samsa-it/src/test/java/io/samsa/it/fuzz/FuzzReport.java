package io.samsa.it.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * What a run did and found: cases and frames sent, how the broker answered, the slowest cases, and the findings
 * grouped by signature (a count and the first few examples of each). Filled by one thread.
 */
final class FuzzReport {
    /** Past this many findings that are not {@link KnownIssues} a run stops: the rest would be noise. */
    static final int MAX_FINDINGS = 200;
    private static final int EXAMPLES_PER_SIGNATURE = 3;
    private static final int SLOWEST_KEPT = 5;

    /** A case and how long it took. */
    private record Timed(long nanos, String what) {
    }

    /** The findings of one signature. */
    private static final class Group {
        final List<Finding> examples = new ArrayList<>();
        long count;
    }

    private final Map<CaseKind, Long> casesByKind = new EnumMap<>(CaseKind.class);
    private final Map<ApiKeys, Long> nanosByApi = new EnumMap<>(ApiKeys.class);
    private final PriorityQueue<Timed> slowest = new PriorityQueue<>(Comparator.comparingLong(Timed::nanos));
    private final List<Long> seeds = new ArrayList<>();
    private final Map<String, Group> findings = new LinkedHashMap<>();
    private long failing;
    private int apis;
    private int pairs;
    private long frames;
    private long answers;
    private long closes;
    private long silences;
    private long healthChecks;
    private Duration elapsed = Duration.ZERO;

    /** What the broker advertised: the APIs and (API, version) pairs every round covers. */
    void coverage(int apiCount, int pairCount) {
        apis = apiCount;
        pairs = pairCount;
    }

    void seed(long seed) {
        seeds.add(seed);
    }

    void caseRun(FuzzCase c, long nanos) {
        slowest.add(new Timed(nanos, c.describe()));
        if (slowest.size() > SLOWEST_KEPT) {
            slowest.poll();
        }
        casesByKind.merge(c.kind(), 1L, Long::sum);
        nanosByApi.merge(c.api(), nanos, Long::sum);
        frames += c.frames();
    }

    /** Frames written outside the cases: probes and health checks. */
    void framesSent(int n) {
        frames += n;
    }

    void answered() {
        answers++;
    }

    void closed() {
        closes++;
    }

    void silent() {
        silences++;
    }

    void healthCheck() {
        healthChecks++;
    }

    void add(Finding f) {
        Group g = findings.computeIfAbsent(f.signature(), k -> new Group());
        g.count++;
        if (g.examples.size() < EXAMPLES_PER_SIGNATURE) {
            g.examples.add(f);
        }
        if (KnownIssues.reason(f) == null) {
            failing++;
        }
    }

    void elapsed(Duration d) {
        elapsed = d;
    }

    boolean full() {
        return failing >= MAX_FINDINGS;
    }

    /** The kept examples of findings that are not known issues: a run passes when there are none. */
    List<Finding> failing() {
        return findings.values().stream().flatMap(g -> g.examples.stream())
                .filter(f -> KnownIssues.reason(f) == null).toList();
    }

    long cases() {
        return casesByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    long frames() {
        return frames;
    }

    private String slowestApis() {
        return nanosByApi.entrySet().stream().sorted(Map.Entry.<ApiKeys, Long>comparingByValue().reversed()).limit(6)
                .map(e -> e.getKey() + "=" + String.format("%.1f", e.getValue() / 1e9)).toList().toString();
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append("Protocol fuzzer: seeds ").append(seeds).append(", ").append(cases()).append(" cases, ")
                .append(frames).append(" frames sent in ").append(elapsed.toSeconds()).append(" s, over ").append(apis)
                .append(" APIs at ").append(pairs).append(" (API, version) pairs\n");
        s.append("  cases by kind: ").append(casesByKind).append('\n');
        s.append("  frames answered ").append(answers).append(", connections closed by the broker ").append(closes)
                .append(", acks=0 produces ").append(silences).append(", health checks ").append(healthChecks)
                .append('\n');
        s.append("  time per API (s), most first: ").append(slowestApis()).append('\n');
        s.append("  slowest cases:\n");
        slowest.stream().sorted(Comparator.comparingLong(Timed::nanos).reversed()).forEach(t -> s.append("    ")
                .append(t.nanos() / 1_000_000).append(" ms: ")
                .append(t.what().length() > 150 ? t.what().substring(0, 150) : t.what()).append('\n'));
        long total = findings.values().stream().mapToLong(g -> g.count).sum();
        s.append("  findings: ").append(total).append(" (").append(findings.size()).append(" distinct, ")
                .append(failing).append(" not known issues)\n");
        for (Map.Entry<String, Group> e : findings.entrySet()) {
            Finding first = e.getValue().examples.get(0);
            String known = KnownIssues.reason(first);
            s.append("  - ").append(e.getKey()).append(" x").append(e.getValue().count)
                    .append(known == null ? "" : " [known: " + known + "]").append("\n    ")
                    .append(first.describe().replace("\n", "\n    ")).append('\n');
        }
        return s.toString();
    }
}
