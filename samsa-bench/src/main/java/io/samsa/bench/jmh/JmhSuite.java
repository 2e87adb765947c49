package io.samsa.bench.jmh;

import io.samsa.bench.report.JmhRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs this package's benchmarks in forked JVMs (JMH's default and the only trustworthy way) and returns one row
 * per benchmark and parameter combination. A quick run uses short iterations; numbers from it show the order of
 * magnitude only. For full control run JMH directly:
 * {@code java -cp samsa-bench/target/samsa-bench.jar org.openjdk.jmh.Main <regex> [JMH options]}.
 */
public final class JmhSuite {
    private JmhSuite() {
    }

    public static List<JmhRow> run(boolean quick, List<String> forkJvmArgs) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(JmhSuite.class.getPackageName() + "\\..*Benchmark")
                .forks(1)
                .jvmArgs(forkJvmArgs.toArray(new String[0]))
                .shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        } else {
            options.warmupIterations(3).warmupTime(TimeValue.seconds(3))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(3));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<JmhRow> rows = new ArrayList<>();
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new TreeMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.put(key, r.getParams().getParam(key));
            }
            rows.add(new JmhRow(name, params.isEmpty() ? "" : params.toString(), r.getParams().getMode().shortLabel(),
                    primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
        }
        return rows;
    }
}
