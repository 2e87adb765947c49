package io.samsa.metadata.controller;

import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.MetadataListener;
import io.samsa.metadata.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stopping broker's side of controlled shutdown: asks the controller to move leadership away (the ephemeral
 * request znode) and waits, bounded, until the broker leads nothing, or until the controller has answered and the
 * broker's view shows no more than the leaderships the controller could not move (partitions with no other
 * eligible leader, such as those with one replica).
 *
 * <p>Who calls it: the broker, on its shutdown path, before it stops serving and closes its store. It blocks the
 * calling thread (never a network or controller thread) for at most {@code maxWaitMs} on the injected clock (the
 * broker passes {@code controlled.shutdown.max.retries} × {@code controlled.shutdown.retry.backoff.ms}), woken by
 * the store's change notifications. Thread-safe; one call at a time per broker.
 */
public final class ControlledShutdownClient {
    private static final Logger LOG = LoggerFactory.getLogger(ControlledShutdownClient.class);

    /**
     * How the wait ended.
     *
     * @param completed   true if the broker leads nothing or only what the controller could not move
     * @param stillLeads  the partitions this broker still led when the wait ended
     */
    public record Outcome(boolean completed, List<TopicPartition> stillLeads) {
    }

    private final MetadataStore store;
    private final Time time;
    private final Object monitor = new Object();
    private final AtomicBoolean changed = new AtomicBoolean();
    private final AtomicBoolean listening = new AtomicBoolean();

    public ControlledShutdownClient(MetadataStore store, Time time) {
        this.store = Objects.requireNonNull(store, "store");
        this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * Creates the request for {@code brokerId} at {@code brokerEpoch} and waits (see the class doc).
     *
     * @throws org.apache.kafka.common.errors.TimeoutException if ZooKeeper is unreachable when creating the request
     */
    public Outcome requestAndAwait(int brokerId, long brokerEpoch, long maxWaitMs) {
        if (listening.compareAndSet(false, true)) {
            store.addListener(new Wakeup());
        }
        long deadline = time.milliseconds() + maxWaitMs;
        store.requestControlledShutdown(brokerId, brokerEpoch);
        LOG.info("Broker {} asked the controller to move its leaderships away; waiting up to {} ms", brokerId,
            maxWaitMs);
        while (true) {
            changed.set(false);
            List<TopicPartition> leads = leaderships(brokerId);
            ControlledShutdownRequest answer = store.controlledShutdownRequests().get(brokerId);
            boolean answered = answer != null && answer.brokerEpoch() == brokerEpoch
                && answer.status() == ControlledShutdownRequest.Status.DONE;
            if (leads.isEmpty() || answered && leads.size() <= answer.remainingLeaders()) {
                LOG.info("Controlled shutdown of broker {} done; it still leads {}", brokerId, leads);
                return new Outcome(true, leads);
            }
            if (time.milliseconds() >= deadline) {
                LOG.warn("Controlled shutdown of broker {} timed out after {} ms; it still leads {}", brokerId,
                    maxWaitMs, leads);
                return new Outcome(false, leads);
            }
            try {
                time.waitObject(monitor, changed::get, deadline);
            } catch (TimeoutException e) {
                // deadline: the loop reports it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException("Interrupted during the controlled shutdown of broker " + brokerId, e);
            }
        }
    }

    private List<TopicPartition> leaderships(int brokerId) {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : store.topics().keySet()) {
            store.partitionStates(topic).forEach((p, state) -> {
                if (state.leader() == brokerId) {
                    out.add(new TopicPartition(topic, p));
                }
            });
        }
        return out;
    }

    /** Wakes the waiting thread on any change that may end the wait. */
    private final class Wakeup implements MetadataListener {
        private void wake() {
            changed.set(true);
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }

        @Override
        public void onTopicsChanged() {
            wake();
        }

        @Override
        public void onTopicConfigChanged(String topic) {
        }

        @Override
        public void onControlledShutdownRequestsChanged() {
            wake();
        }

        @Override
        public void onControllerChanged() {
            wake();
        }
    }
}
