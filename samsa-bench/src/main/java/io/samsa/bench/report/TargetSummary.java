package io.samsa.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line per round saying how many of the targets that could be judged were met, and which were missed, so a
 * reader sees at once which targets hold warm as well as cold.
 *
 * <p>Stateless.
 */
final class TargetSummary {
    private TargetSummary() {
    }

    static void append(StringBuilder md, List<ComparisonRow> rows) {
        List<String> lines = new ArrayList<>();
        for (Round round : List.of(Round.COLD, Round.WARM)) {
            int judged = 0;
            List<String> met = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            for (ComparisonRow r : rows) {
                if (r.round() != round || r.targetMet().isEmpty()) {
                    continue;
                }
                judged++;
                String what = String.format(Locale.ROOT, "%s %s (%.2f× vs %s)", r.label(), r.metric().shortLabel(),
                        r.ratio().orElseThrow(), r.target().orElseThrow());
                (r.targetMet().equals("yes") ? met : missed).add(what);
            }
            if (judged > 0) {
                lines.add(String.format(Locale.ROOT, "**%s**: %d of %d targets met%s.", round.label(), met.size(),
                        judged, missed.isEmpty() ? "" : "; missed: " + String.join("; ", missed)));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        md.append("\n### Targets, cold and warm\n\n");
        lines.forEach(l -> md.append("- ").append(ResultsTable.escape(l)).append('\n'));
    }
}
