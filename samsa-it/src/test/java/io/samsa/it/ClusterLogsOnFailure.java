package io.samsa.it;

import io.samsa.testkit.process.ProcessCluster;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the end of every process's log of a {@link ProcessCluster} when a test fails, so the failsafe report says
 * what the brokers did; the whole logs stay in the cluster's directory. Register it with {@code @RegisterExtension}
 * and a supplier of the test's cluster (null before it starts). Stateless beyond the supplier.
 */
final class ClusterLogsOnFailure implements TestWatcher {
    private static final int LINES = 80;

    private final Supplier<ProcessCluster> cluster;

    ClusterLogsOnFailure(Supplier<ProcessCluster> cluster) {
        this.cluster = cluster;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ProcessCluster c = cluster.get();
        if (c != null) {
            System.err.println(context.getDisplayName() + " failed; the ends of the cluster's logs:\n"
                    + c.logTails(LINES));
        }
    }
}
