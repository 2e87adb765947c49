package io.samsa.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results as Markdown tables. Cold and warm figures of one metric share a row, each round with its own Kafka,
 * Samsa and Samsa/Kafka columns; a run without warm rounds gets the single-round columns. Parts measured
 * {@link Round#ONCE} (leader failover) get a table of their own.
 *
 * <p>Stateless.
 */
final class ResultsTable {
    private static final int MAX_CELL_ERROR = 160;

    /** One metric of one part: its row in each round that measured it. */
    private record Line(String workloadId, String label, Metric metric, Map<Round, ComparisonRow> byRound) {
    }

    private ResultsTable() {
    }

    static void append(StringBuilder md, List<ComparisonRow> rows) {
        List<ComparisonRow> rounds = rows.stream().filter(r -> r.round() != Round.ONCE).toList();
        List<ComparisonRow> once = rows.stream().filter(r -> r.round() == Round.ONCE).toList();
        if (!rounds.isEmpty()) {
            boolean warm = rounds.stream().anyMatch(r -> r.round() == Round.WARM);
            appendTable(md, lines(rounds), warm ? List.of(Round.COLD, Round.WARM) : List.of(Round.COLD));
        }
        if (!once.isEmpty()) {
            md.append("\n### Leader failover (kill -9 of a partition leader)\n\n");
            appendTable(md, lines(once), List.of(Round.ONCE));
        }
    }

    /** Groups rows by part and metric, keeping the order in which parts ran. */
    private static List<Line> lines(List<ComparisonRow> rows) {
        Map<String, Line> byKey = new LinkedHashMap<>();
        for (ComparisonRow r : rows) {
            String key = r.label() + '\u0000' + (r.metric() == null ? "" : r.metric().name());
            byKey.computeIfAbsent(key, k -> new Line(r.workloadId(), r.label(), r.metric(),
                    new EnumMap<>(Round.class))).byRound().put(r.round(), r);
        }
        // Metrics of a part in Metric order, whichever round listed them first.
        Map<String, List<Line>> byLabel = new LinkedHashMap<>();
        byKey.values().forEach(l -> byLabel.computeIfAbsent(l.label(), k -> new ArrayList<>()).add(l));
        List<Line> out = new ArrayList<>();
        for (List<Line> part : byLabel.values()) {
            part.sort(Comparator.comparing(Line::metric, Comparator.nullsFirst(Comparator.naturalOrder())));
            out.addAll(part);
        }
        return out;
    }

    private static void appendTable(StringBuilder md, List<Line> lines, List<Round> rounds) {
        boolean single = rounds.size() == 1;
        StringBuilder head = new StringBuilder("| workload | metric |");
        StringBuilder rule = new StringBuilder("| --- | --- |");
        for (Round round : rounds) {
            String suffix = single ? "" : " " + round.label();
            head.append(" Kafka").append(suffix).append(" | Samsa").append(suffix).append(" | Samsa/Kafka")
                    .append(suffix).append(" |");
            rule.append(" ---: | ---: | ---: |");
        }
        boolean targets = rounds.get(0) != Round.ONCE;
        if (targets) {
            head.append(" target |");
            rule.append(" --- |");
            for (Round round : rounds) {
                head.append(single ? " met |" : " met " + round.label() + " |");
                rule.append(" --- |");
            }
        }
        md.append(head).append('\n').append(rule).append('\n');
        String lastLabel = null;
        for (Line line : lines) {
            boolean first = !line.label().equals(lastLabel);
            lastLabel = line.label();
            md.append("| ").append(first ? line.label() : "").append(" | ")
                    .append(line.metric() == null ? "" : line.metric().label()).append(" |");
            for (Round round : rounds) {
                ComparisonRow r = line.byRound().get(round);
                if (r == null) {
                    md.append(" not run | not run | |");
                    continue;
                }
                md.append(' ').append(cell(r, r.kafka(), r.kafkaError(), first)).append(" | ")
                        .append(cell(r, r.samsa(), r.samsaError(), first)).append(" | ")
                        .append(r.ratio().map(x -> String.format(Locale.ROOT, "%.2f×", x)).orElse("")).append(" |");
            }
            if (targets) {
                md.append(' ').append(line.metric() == null ? ""
                        : Target.of(line.workloadId(), line.metric()).map(Target::toString).orElse("")).append(" |");
                for (Round round : rounds) {
                    ComparisonRow r = line.byRound().get(round);
                    md.append(' ').append(r == null ? "" : r.targetMet()).append(" |");
                }
            }
            md.append('\n');
        }
    }

    private static String cell(ComparisonRow r, Double value, String error, boolean firstOfLabel) {
        if (value != null) {
            return r.metric().format(value);
        }
        if (error != null && firstOfLabel) {
            return "n/a (error: " + escape(abbreviate(error)) + ")";
        }
        return "n/a";
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= MAX_CELL_ERROR ? one : one.substring(0, MAX_CELL_ERROR - 3) + "...";
    }

    static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
