package io.samsa.metadata;

import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.zookeeper.KeeperException;

/**
 * The one place where ZooKeeper and Curator failures become kafka-clients exceptions, so that no raw
 * {@link KeeperException} reaches a caller of the store.
 *
 * <ul>
 *   <li>connection loss, session expiry, operation timeout: {@link TimeoutException} (retriable; the caller
 *       may retry once ZooKeeper is back);</li>
 *   <li>interruption: {@link InterruptException}, with the thread's interrupt flag restored;</li>
 *   <li>anything else (no auth, a corrupt tree, a bug): {@link UnknownServerException} naming the operation.</li>
 * </ul>
 *
 * Expected outcomes such as {@code NodeExists} or {@code BadVersion} are handled by the callers before they
 * get here.
 */
final class ZkErrors {
    private ZkErrors() {
    }

    /** A ZooKeeper call through Curator, whose builders declare {@code throws Exception}. */
    @FunctionalInterface
    interface ZkCall<T> {
        T call() throws Exception;
    }

    /** Runs {@code call}, translating any failure; {@code what} completes "ZooKeeper failed while ...". */
    static <T> T call(String what, ZkCall<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw translate(what, e);
        }
    }

    static RuntimeException translate(String what, Throwable e) {
        if (e instanceof RuntimeException runtime && !(e instanceof IllegalStateException)) {
            // already a Kafka exception (thrown by our own code inside the call) or a programming error
            return runtime;
        }
        if (e instanceof InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new InterruptException("Interrupted while " + what, interrupted);
        }
        if (e instanceof KeeperException keeper) {
            switch (keeper.code()) {
                case CONNECTIONLOSS, SESSIONEXPIRED, OPERATIONTIMEOUT, SESSIONMOVED, REQUESTTIMEOUT:
                    return new TimeoutException("ZooKeeper unavailable while " + what + " ("
                        + keeper.code() + ")", keeper);
                default:
                    return new UnknownServerException("ZooKeeper failed while " + what + ": "
                        + keeper.getMessage(), keeper);
            }
        }
        if (e instanceof IllegalStateException) {
            // Curator throws this when the client is closed underneath an operation
            return new TimeoutException("ZooKeeper client unavailable while " + what + ": " + e.getMessage(), e);
        }
        return new UnknownServerException("ZooKeeper failed while " + what + ": " + e, e);
    }

    /**
     * The code of the operation that failed a multi-op transaction, and its index. ZooKeeper reports the
     * failing op with its own error, ops before it with OK and ops after it with RUNTIMEINCONSISTENCY.
     */
    record MultiFailure(int index, KeeperException.Code code) {
        static MultiFailure of(KeeperException e) {
            if (e.getResults() != null) {
                for (int i = 0; i < e.getResults().size(); i++) {
                    if (e.getResults().get(i) instanceof org.apache.zookeeper.OpResult.ErrorResult err) {
                        KeeperException.Code code = KeeperException.Code.get(err.getErr());
                        if (code != KeeperException.Code.OK && code != KeeperException.Code.RUNTIMEINCONSISTENCY) {
                            return new MultiFailure(i, code);
                        }
                    }
                }
            }
            return new MultiFailure(-1, e.code());
        }
    }
}
