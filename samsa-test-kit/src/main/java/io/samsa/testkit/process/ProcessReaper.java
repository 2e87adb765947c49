package io.samsa.testkit.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills every child process a harness started that is still alive when the test JVM exits, however it exits
 * (a failed test, a timeout of failsafe's fork, Ctrl-C): one shutdown hook, installed with the first child. A
 * killed JVM (SIGKILL) runs no hook; its children then exit on their own when their ZooKeeper goes, or must be
 * found by their command line. Thread-safe.
 */
final class ProcessReaper {
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "samsa-process-reaper"));
    }

    private ProcessReaper() {
    }

    static void watch(ProcessHandle process) {
        LIVE.add(process);
    }

    static void forget(ProcessHandle process) {
        LIVE.remove(process);
    }

    private static void killAll() {
        for (ProcessHandle p : LIVE) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
