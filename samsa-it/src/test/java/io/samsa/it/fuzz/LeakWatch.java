package io.samsa.it.fuzz;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * Leaks the fuzzer can see in the test JVM, where the broker runs in-process:
 * <ul>
 *   <li>Netty buffers never released: leak detection is raised to PARANOID (every buffer tracked) for the run, and
 *       a listener on the ByteBuf leak detector collects what Netty reports as "LEAK:";</li>
 *   <li>connections the broker never closes: sockets open in this process ({@code /proc/self/fd}, Linux only),
 *       counted against a baseline.</li>
 * </ul>
 * Netty reports a leak only once the garbage collector has found the buffer unreachable and a later allocation
 * polls its queue, so {@link #leaks()} runs a collection and allocates before it looks.
 *
 * <p>There is one ByteBuf leak detector per JVM and it takes one listener: when merged with a leak check that owns
 * the detector (the network branch's, installed when TestBroker loads), this class should give way to it and keep
 * only the socket count. Not thread-safe.
 */
final class LeakWatch implements AutoCloseable {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final int GC_ROUNDS = 5;
    private static final long GC_WAIT_MS = 2_000;

    private final ResourceLeakDetector.Level previous;
    private final ResourceLeakDetector<ByteBuf> detector;
    private final Queue<String> reported = new ConcurrentLinkedQueue<>();

    private LeakWatch(ResourceLeakDetector.Level previous, ResourceLeakDetector<ByteBuf> detector) {
        this.previous = previous;
        this.detector = detector;
    }

    /** Starts watching: buffers allocated from now on are tracked. */
    static LeakWatch start() {
        ResourceLeakDetector.Level previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        LeakWatch w = new LeakWatch(previous, byteBufDetector());
        w.detector.setLeakListener((type, records) -> w.reported.add(type + " " + records));
        return w;
    }

    @SuppressWarnings("unchecked")
    private static ResourceLeakDetector<ByteBuf> byteBufDetector() {
        try {
            // Netty keeps the detector every ByteBuf allocation goes through in a package-private static field.
            Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
            f.setAccessible(true);
            return (ResourceLeakDetector<ByteBuf>) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Netty's ByteBuf leak detector moved", e);
        }
    }

    /** Leaks Netty has reported so far, after giving it a chance to find any. */
    List<String> leaks() throws InterruptedException {
        for (int i = 0; i < GC_ROUNDS; i++) {
            collectGarbage();
            // Each tracked allocation polls the detector's queue of collected, unreleased buffers.
            ByteBufAllocator.DEFAULT.directBuffer(8).release();
            ByteBufAllocator.DEFAULT.heapBuffer(8).release();
        }
        return new ArrayList<>(reported);
    }

    /** Runs a collection and waits (boundedly) until the collector has enqueued what it found. */
    private static void collectGarbage() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> marker = new WeakReference<>(new Object(), queue);
        System.gc();
        queue.remove(GC_WAIT_MS);
        marker.clear();
    }

    /** Sockets open in this JVM, or -1 where that cannot be told. */
    static int openSockets() {
        if (!Files.isDirectory(FDS)) {
            return -1;
        }
        try (Stream<Path> fds = Files.list(FDS)) {
            return (int) fds.filter(LeakWatch::isSocket).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException | UnsupportedOperationException e) {
            return false; // closed while we looked
        }
    }

    @Override
    public void close() {
        detector.setLeakListener(null);
        ResourceLeakDetector.setLevel(previous);
    }
}
