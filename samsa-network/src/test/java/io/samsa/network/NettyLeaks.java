package io.samsa.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes Netty's leak detector fail tests instead of only logging. {@link #install()} puts in a detector factory
 * whose detectors record every leak report; {@link #assertNoLeaks()} forces the reports out and fails if any came.
 *
 * <p>Netty finds a leak only once the garbage collector has found the buffer unreachable and a later allocation
 * polls the reference queue. So the check drops a "canary" buffer without releasing it, and collects and allocates
 * until the canary's own report arrives: any buffer leaked before it was unreachable in the same collections. A
 * check that never sees its canary fails too, since the detector is then not working (paranoid level is set here
 * as well as in the build's argLine, so running a test from an IDE checks the same way).
 *
 * <p>The factory must be in place before Netty's {@code AbstractByteBuf} class is initialised, which creates the
 * detector for all buffers; the check fails with a clear message if it was too late. Thread-safe.
 */
final class NettyLeaks {
    private static final String CANARY = "samsa-leak-canary-";
    private static final String ACQUIRE_AND_RELEASE_ONLY = "io.netty.leakDetection.acquireAndReleaseOnly";
    private static final int MAX_ROUNDS = 200;
    private static final List<String> leaks = new ArrayList<>();
    private static final Set<String> canariesSeen = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger canaries = new AtomicInteger();
    private static volatile boolean installed;
    private static volatile boolean byteBufDetectorIsOurs;

    private NettyLeaks() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        // As the build's argLine has it, for a run without it; read once, when Netty's leak-aware buffers load.
        if (System.getProperty(ACQUIRE_AND_RELEASE_ONLY) == null) {
            System.setProperty(ACQUIRE_AND_RELEASE_ONLY, "true");
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    /** Fails if any Netty object leaked since the last check (those reports are then cleared). */
    static void assertNoLeaks() throws InterruptedException {
        install();
        PooledByteBufAllocator.DEFAULT.directBuffer(1).release(); // initialises AbstractByteBuf if nobody has yet
        if (!byteBufDetectorIsOurs) {
            throw new AssertionError("Netty's ByteBuf leak detector was created before NettyLeaks.install() ran; "
                    + "leaks cannot be checked");
        }
        String canary = CANARY + canaries.incrementAndGet();
        dropCanary(canary);
        for (int round = 0; round < MAX_ROUNDS && !canariesSeen.contains(canary); round++) {
            collectAndPoll();
        }
        if (!canariesSeen.contains(canary)) {
            throw new AssertionError("Netty's leak detector did not report a deliberately leaked buffer after "
                    + MAX_ROUNDS + " collections: leak detection is not working");
        }
        collectAndPoll(); // reports enqueued in the same collection as the canary's, but polled after it
        List<String> found;
        synchronized (leaks) {
            found = new ArrayList<>(leaks);
            leaks.clear();
        }
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " Netty buffer leak(s):\n" + String.join("\n\n", found));
        }
    }

    private static void dropCanary(String hint) {
        PooledByteBufAllocator.DEFAULT.directBuffer(1).touch(hint); // unreachable on return, never released
    }

    private static void collectAndPoll() throws InterruptedException {
        System.gc();
        Thread.sleep(10); // let the reference handler thread enqueue what the collection found
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(1); // every tracked allocation polls the queue
        b.release();
    }

    /** Notes a report; true if it is a canary's (which is not logged). */
    private static boolean onLeak(String resourceType, String records) {
        int at = records.indexOf(CANARY);
        if (at >= 0) {
            int end = at + CANARY.length();
            while (end < records.length() && Character.isDigit(records.charAt(end))) {
                end++;
            }
            canariesSeen.add(records.substring(at, end));
            return true;
        }
        synchronized (leaks) {
            leaks.add("LEAK of " + resourceType + ":" + records);
        }
        return false;
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            if (resource == ByteBuf.class) {
                byteBufDetectorIsOurs = true;
            }
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    /** Netty's detector, recording each report and logging all but the canaries'. */
    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            if (!onLeak(resourceType, records)) {
                super.reportTracedLeak(resourceType, records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            onLeak(resourceType, " (no records: not created at the paranoid level)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
