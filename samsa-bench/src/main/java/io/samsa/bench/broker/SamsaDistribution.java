package io.samsa.bench.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of Samsa's built distribution, taken once at the start of a run: others may rebuild (or clean)
 * {@code samsa-server/target} while the benchmark runs, and every workload must run the same build.
 *
 * @param dir the copy: {@code samsa-server.jar}, {@code lib/*.jar}, {@code server.properties},
 *            {@code zookeeper.properties}
 */
public record SamsaDistribution(Path dir) {

    /**
     * Copies the distribution built under {@code samsaHome} (the repository root) into {@code into}. Throws
     * IOException naming the build command if it has not been built.
     */
    public static SamsaDistribution snapshot(Path samsaHome, Path into) throws IOException {
        Path target = samsaHome.resolve("samsa-server/target");
        Path lib = target.resolve("lib");
        List<Path> jars;
        try (Stream<Path> s = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            jars = s.filter(p -> p.getFileName().toString().matches("samsa-server-.*\\.jar")).toList();
        }
        if (jars.isEmpty() || !Files.isDirectory(lib)) {
            throw new IOException("Samsa is not built under " + samsaHome + " (no samsa-server/target/samsa-server-*.jar"
                    + " or lib/): run mvn -B -P bench -pl samsa-server,samsa-bench -am package -DskipTests");
        }
        Files.createDirectories(into.resolve("lib"));
        Files.copy(jars.get(0), into.resolve("samsa-server.jar"), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> s = Files.list(lib)) {
            for (Path jar : s.toList()) {
                Files.copy(jar, into.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(samsaHome.resolve("config/server.properties"), into.resolve("server.properties"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(samsaHome.resolve("config/zookeeper.properties"), into.resolve("zookeeper.properties"),
                StandardCopyOption.REPLACE_EXISTING);
        return new SamsaDistribution(into);
    }

    public String classpath() {
        return dir.resolve("samsa-server.jar") + ":" + dir.resolve("lib") + "/*";
    }

    public Path serverProperties() {
        return dir.resolve("server.properties");
    }

    /** {@code config/zookeeper.properties}, what {@code bin/samsa-zookeeper} starts a standalone ZooKeeper with. */
    public Path zooKeeperProperties() {
        return dir.resolve("zookeeper.properties");
    }
}
