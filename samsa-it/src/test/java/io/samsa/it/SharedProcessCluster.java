package io.samsa.it;

import io.samsa.testkit.process.ProcessCluster;
import io.samsa.testkit.process.ProcessClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One {@link ProcessCluster} for every test of a class, so the class pays for the brokers' start-up once: started
 * before the first test in a temporary directory of its own, closed after the last. The directory is deleted only
 * if the cluster started and every test passed, so a failure's whole logs stay; each failed test prints the end of every process's log
 * ({@link ClusterLogsOnFailure}). Register it on a static field with {@code @RegisterExtension}.
 *
 * <p>Not thread-safe: JUnit calls it from the thread that runs the class's tests.
 */
final class SharedProcessCluster implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final Function<Path, ProcessClusterConfig> config;
    private Path dir;
    private ProcessCluster cluster;
    private Admin admin;
    private boolean failed;

    /** {@code config} makes the cluster's configuration from its directory. */
    SharedProcessCluster(Function<Path, ProcessClusterConfig> config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("samsa-" + context.getRequiredTestClass().getSimpleName() + "-");
        cluster = ProcessCluster.start(config.apply(dir));
        admin = cluster.clients().admin();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster == null) {
            return; // It did not start: its directory keeps the logs that say why.
        }
        cluster.close();
        if (!failed) {
            Utils.delete(dir.toFile());
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
        new ClusterLogsOnFailure(() -> cluster).testFailed(context, cause);
    }

    /** The running cluster (null before the class's first test). */
    ProcessCluster get() {
        return cluster;
    }

    /** An admin client of the cluster, closed with it. */
    Admin admin() {
        return admin;
    }
}
