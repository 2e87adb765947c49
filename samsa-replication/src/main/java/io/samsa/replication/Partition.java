package io.samsa.replication;

import io.samsa.storage.FetchDataInfo;
import io.samsa.storage.Log;
import io.samsa.storage.LogAppendInfo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * One partition hosted by this broker, with its {@link Log}, its leader epoch and the fetches waiting on it.
 *
 * <p>While the cluster is a single broker the ISR is this replica alone, so the high watermark follows the log
 * end offset after every append; the append and the high-watermark move happen under this object's lock so two
 * concurrent appends can never move the high watermark backwards.
 *
 * <p>Thread-safe.
 */
public final class Partition {
    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final Log log;
    private volatile int leaderEpoch;
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();

    public Partition(TopicPartition topicPartition, Uuid topicId, Log log, int leaderEpoch) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.leaderEpoch = leaderEpoch;
        // A new leader whose ISR is itself alone has everything up to its log end offset committed. The checkpointed
        // high watermark can lag far behind after a crash (it is written periodically), and trusting it would hide
        // acknowledged records from consumers.
        log.updateHighWatermark(log.logEndOffset());
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public Log log() {
        return log;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public void setLeaderEpoch(int leaderEpoch) {
        this.leaderEpoch = leaderEpoch;
    }

    /** Appends as leader and advances the high watermark; wakes fetches waiting for data. */
    public LogAppendInfo appendAsLeader(MemoryRecords records) {
        LogAppendInfo info;
        synchronized (this) {
            info = log.appendAsLeader(records, leaderEpoch);
            log.updateHighWatermark(log.logEndOffset());
        }
        if (!info.duplicate()) {
            for (Runnable l : appendListeners) {
                l.run();
            }
        }
        return info;
    }

    /** Reads for a consumer: never at or beyond the high watermark. */
    public FetchDataInfo readForConsumer(long offset, int maxBytes, boolean minOneMessage) {
        return log.read(offset, maxBytes, log.highWatermark(), minOneMessage);
    }

    public long highWatermark() {
        return log.highWatermark();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }
}
