package io.samsa.storage;

import static io.samsa.storage.LogTestSupport.batchesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    private static MemoryRecords toMemory(Records records) {
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        for (RecordBatch batch : records.batches()) {
            batch.writeTo(b);
        }
        return MemoryRecords.readableRecords(b.flip());
    }

    @Test
    void followerCopiesTheLeadersBatchesAndTruncatesWhenItDiverges() throws IOException {
        LogConfig config = LogTestSupport.smallSegments(600, 100);
        try (Log leader = LogTestSupport.open(new File(tmp, "leader"), config, time);
             Log follower = LogTestSupport.open(new File(tmp, "follower"), config, time)) {
            for (int i = 0; i < 10; i++) {
                leader.appendAsLeader(TestRecords.idempotent(5L, (short) 0, 3 * i, 3, time.milliseconds()), 7);
            }
            long offset = 0;
            while (offset < leader.logEndOffset()) {
                FetchDataInfo fetched = leader.read(offset, 500, leader.logEndOffset(), true);
                LogAppendInfo info = follower.appendAsFollower(toMemory(fetched.records()));
                assertThat(info.firstOffset()).isEqualTo(offset);
                offset = info.lastOffset() + 1;
            }
            assertThat(follower.logEndOffset()).isEqualTo(30);
            assertThat(follower.activeProducers().get(5L).lastSeq()).isEqualTo(29);
            assertThatThrownBy(() -> follower.appendAsFollower(toMemory(leader.read(0, 100, 30, true).records())))
                    .isInstanceOf(InvalidRecordException.class);

            assertThat(follower.truncateTo(30)).isFalse();
            assertThat(follower.truncateTo(12)).isTrue();
            assertThat(follower.logEndOffset()).isEqualTo(12);
            assertThat(follower.activeProducers().get(5L).lastSeq()).isEqualTo(11);
            List<RecordBatch> batches = batchesOf(follower.read(9, 1000, 12, true));
            assertThat(batches.get(batches.size() - 1).lastOffset()).isEqualTo(11);
            LogAppendInfo again = follower.appendAsFollower(toMemory(leader.read(12, 1000, 30, true).records()));
            assertThat(again.firstOffset()).isEqualTo(12);

            follower.truncateFullyAndStartAt(100);
            assertThat(follower.logStartOffset()).isEqualTo(100);
            assertThat(follower.logEndOffset()).isEqualTo(100);
            assertThat(follower.numberOfSegments()).isEqualTo(1);
            assertThat(follower.activeProducers()).isEmpty();
        }
    }
}
