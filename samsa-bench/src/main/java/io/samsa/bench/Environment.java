package io.samsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.AppInfoParser;

/** Describes the machine and the software under test for the report. Best effort: never fails the run. */
final class Environment {
    private Environment() {
    }

    static List<String> describe(Path samsaHome, String loadAtStart) {
        return List.of(
                String.format(Locale.ROOT, "Machine: %d cores, %s memory, %s %s", Runtime.getRuntime()
                        .availableProcessors(), memTotal(), System.getProperty("os.name"),
                        System.getProperty("os.version")),
                "JDK (brokers and tools): " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                "Apache Kafka " + AppInfoParser.getVersion()
                        + " (kafka_2.13 and kafka-tools from Maven Central): KRaft combined mode, one node (W1–W6) or"
                        + " three (W7, failover)",
                "Samsa: " + samsaHome + " at commit " + gitCommit(samsaHome)
                        + " (built from the working tree, which may hold uncommitted changes): one broker with its"
                        + " embedded ZooKeeper (W1–W6), or three brokers on a standalone ZooKeeper (W7, failover)",
                "Load average (1, 5, 15 min) at start: " + loadAtStart + "; at end: " + loadAverage());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String gitCommit(Path dir) {
        try {
            Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
