package io.samsa.storage;

import static io.samsa.storage.LogTestSupport.batchesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.storage.checkpoint.OffsetCheckpointFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentTopicIdException;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    private File dirA() {
        return new File(tmp, "data-a");
    }

    private File dirB() {
        return new File(tmp, "data-b");
    }

    private LogManager newManager(LogConfig defaults) {
        LogManagerConfig config = new LogManagerConfig(List.of(dirA(), dirB()), defaults, 300_000L, 1_000L,
                60_000L, 2);
        return new LogManager(config, scheduler, time);
    }

    private static LogConfig defaults() {
        return LogTestSupport.smallSegments(500, 100);
    }

    @Test
    void constructorTouchesNoFile() {
        newManager(defaults());
        assertThat(dirA()).doesNotExist();
    }

    @Test
    void logsSpreadOverDirsAndSurviveARestart() throws IOException {
        TopicPartition a0 = new TopicPartition("orders.v2-eu", 0);
        TopicPartition a1 = new TopicPartition("orders.v2-eu", 1);
        TopicPartition b0 = new TopicPartition("clicks", 0);
        TopicPartition b7 = new TopicPartition("clicks", 7);
        Uuid ordersId = Uuid.randomUuid();
        Uuid clicksId = Uuid.randomUuid();
        LogManager manager = newManager(defaults());
        manager.startup();
        Log la0 = manager.getOrCreateLog(a0, ordersId, defaults());
        Log la1 = manager.getOrCreateLog(a1, ordersId, defaults());
        manager.getOrCreateLog(b0, clicksId, defaults());
        manager.getOrCreateLog(b7, clicksId, defaults());
        assertThat(manager.getOrCreateLog(a0, ordersId, defaults())).isSameAs(la0);
        assertThat(manager.logDirOf(a0)).contains(dirA().getAbsoluteFile());
        assertThat(manager.logDirOf(a1)).contains(dirB().getAbsoluteFile());
        assertThat(new File(dirA(), "orders.v2-eu-0")).isDirectory();
        assertThat(manager.allLogs()).hasSize(4);
        assertThatThrownBy(() -> manager.getOrCreateLog(a0, clicksId, defaults()))
                .isInstanceOf(InconsistentTopicIdException.class);

        for (int i = 0; i < 20; i++) {
            la0.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 30), 0);
            la1.appendAsLeader(TestRecords.batch(2, time.milliseconds(), 30), 0);
        }
        la0.updateHighWatermark(50);
        la1.updateHighWatermark(40);
        assertThat(la0.deleteRecordsBefore(25)).isEqualTo(25);
        manager.close();

        for (File dir : List.of(dirA(), dirB())) {
            assertThat(new File(dir, ".kafka_cleanshutdown")).exists();
        }
        Map<TopicPartition, Long> startOffsets =
                new OffsetCheckpointFile(new File(dirA(), "log-start-offset-checkpoint")).read();
        assertThat(startOffsets).containsEntry(a0, 25L);
        assertThat(new OffsetCheckpointFile(new File(dirA(), "replication-offset-checkpoint")).read())
                .containsEntry(a0, 50L);
        assertThat(new OffsetCheckpointFile(new File(dirB(), "recovery-point-offset-checkpoint")).read())
                .containsEntry(a1, 40L);

        LogManager restarted = newManager(defaults());
        LogConfig clicksConfig = defaults().withRetention(1234L, -1L);
        restarted.startup(topic -> topic.equals("clicks") ? clicksConfig : null);
        assertThat(restarted.allLogs()).hasSize(4);
        assertThat(restarted.getLog(b7).orElseThrow().config()).isEqualTo(clicksConfig);
        assertThat(restarted.getLog(a0).orElseThrow().config()).isEqualTo(defaults());
        Log r0 = restarted.getLog(a0).orElseThrow();
        assertThat(r0.logEndOffset()).isEqualTo(60);
        assertThat(r0.logStartOffset()).isEqualTo(25);
        assertThat(r0.highWatermark()).isEqualTo(50);
        assertThat(r0.recoveryPoint()).isEqualTo(60);
        assertThat(restarted.getLog(a1).orElseThrow().highWatermark()).isEqualTo(40);
        assertThat(restarted.topicId(a0)).contains(ordersId);
        assertThat(restarted.topicId(b7)).contains(clicksId);
        assertThat(new File(dirA(), ".kafka_cleanshutdown")).doesNotExist();
        assertThat(batchesOf(r0.read(25, 10_000, 50, true)).get(0).baseOffset()).isEqualTo(24);
        restarted.close();
    }

    @Test
    void aBatchOfNewLogsSpreadsEvenlyAndKeepsItsTopicIdsAcrossAnUncleanRestart() throws IOException {
        Uuid id = Uuid.randomUuid();
        LogManager manager = newManager(defaults());
        manager.startup();
        List<LogManager.NewLog> wanted = new java.util.ArrayList<>();
        for (int p = 0; p < 40; p++) {
            wanted.add(new LogManager.NewLog(new TopicPartition("wide", p), id, defaults()));
        }
        Map<TopicPartition, Log> created = manager.getOrCreateLogs(wanted);
        assertThat(created).hasSize(40).doesNotContainValue(null);
        assertThat(manager.getOrCreateLogs(wanted)).isEqualTo(created);
        assertThat(dirA().list((d, n) -> n.startsWith("wide-"))).hasSize(20);
        assertThat(dirB().list((d, n) -> n.startsWith("wide-"))).hasSize(20);
        manager.syncNewLogs();
        created.get(new TopicPartition("wide", 3)).appendAsLeader(TestRecords.batch(2, time.milliseconds(), 10), 0);

        // No close: the next start-up finds the logs as a crash would leave them.
        LogManager restarted = newManager(defaults());
        restarted.startup();
        assertThat(restarted.allLogs()).hasSize(40);
        assertThat(restarted.topicId(new TopicPartition("wide", 39))).contains(id);
        assertThat(restarted.getLog(new TopicPartition("wide", 3)).orElseThrow().logEndOffset()).isEqualTo(2);
        restarted.close();
        manager.close();
    }

    @Test
    void uncleanRestartRecoversFromTheCheckpointedRecoveryPoint() throws IOException {
        TopicPartition tp = new TopicPartition("t", 0);
        LogManager manager = newManager(defaults());
        manager.startup();
        Log log = manager.getOrCreateLog(tp, Uuid.randomUuid(), defaults());
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(TestRecords.batch(2, time.milliseconds(), 40), 0);
        }
        log.updateHighWatermark(60);
        manager.close();
        Files.delete(new File(dirA(), ".kafka_cleanshutdown").toPath());
        // Damage the tail of the last segment as a crash would.
        File partitionDir = new File(dirA(), "t-0");
        File[] logs = partitionDir.listFiles((d, n) -> n.endsWith(".log"));
        java.util.Arrays.sort(logs);
        File lastLog = logs[logs.length - 1];
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(lastLog, "rw")) {
            raf.setLength(raf.length() - 5);
        }
        new OffsetCheckpointFile(new File(dirA(), "recovery-point-offset-checkpoint"))
                .write(Map.of(tp, 0L));
        LogManager restarted = newManager(defaults());
        restarted.startup();
        Log recovered = restarted.getLog(tp).orElseThrow();
        assertThat(recovered.logEndOffset()).isEqualTo(58);
        assertThat(recovered.highWatermark()).isEqualTo(58);
        assertThat(recovered.appendAsLeader(TestRecords.batch(1, time.milliseconds(), 1), 0).firstOffset())
                .isEqualTo(58);
        restarted.close();
    }

    @Test
    void deleteLogRenamesTheDirectoryThenDeletesItAfterTheDelay() throws IOException {
        TopicPartition tp = new TopicPartition("to-be.deleted", 2);
        LogManager manager = newManager(LogTestSupport.withDeleteDelay(defaults(), 60_000));
        manager.startup();
        Log log = manager.getOrCreateLog(tp, Uuid.randomUuid(), LogTestSupport.withDeleteDelay(defaults(), 60_000));
        log.appendAsLeader(TestRecords.batch(5, time.milliseconds(), 10), 0);
        log.updateHighWatermark(5);
        FetchDataInfo inFlight = log.read(0, 1000, 5, true);
        manager.deleteLog(tp);
        assertThat(manager.getLog(tp)).isEmpty();
        assertThat(new File(dirA(), "to-be.deleted-2")).doesNotExist();
        String[] pending = dirA().list((d, n) -> n.startsWith("to-be.deleted-2.") && n.endsWith("-delete"));
        assertThat(pending).hasSize(1);
        assertThat(batchesOf(inFlight)).hasSize(1);
        scheduler.advance(60_000);
        assertThat(dirA().list((d, n) -> n.startsWith("to-be.deleted"))).isEmpty();
        manager.close();
    }

    @Test
    void startupIgnoresUnknownDirectoriesAndRemovesPendingDeletions() throws IOException {
        Files.createDirectories(new File(dirA(), "lost+found").toPath());
        Files.createDirectories(new File(dirA(), "not-a-partition").toPath());
        Files.createDirectories(new File(dirA(), "t-0.0123456789abcdef0123456789abcdef-delete").toPath());
        Files.writeString(new File(dirA(), "t-0.0123456789abcdef0123456789abcdef-delete/x.log").toPath(), "x");
        LogManager manager = newManager(defaults());
        manager.startup();
        assertThat(manager.allLogs()).isEmpty();
        scheduler.tick();
        assertThat(new File(dirA(), "t-0.0123456789abcdef0123456789abcdef-delete")).doesNotExist();
        assertThat(new File(dirA(), "lost+found")).isDirectory();
        manager.close();
    }

    @Test
    void backgroundTasksApplyRetentionAndWriteCheckpoints() throws IOException {
        TopicPartition tp = new TopicPartition("t", 0);
        LogConfig config = LogTestSupport.smallSegments(400, 4096).withRetention(60_000, -1);
        LogManager manager = newManager(config);
        manager.startup();
        Log log = manager.getOrCreateLog(tp, Uuid.randomUuid(), config);
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(TestRecords.batch(5, time.milliseconds(), 40), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.numberOfSegments()).isEqualTo(5);
        scheduler.advance(30_000); // first checkpoint and flush runs
        assertThat(new OffsetCheckpointFile(new File(dirA(), "replication-offset-checkpoint")).read())
                .containsEntry(tp, 25L);
        assertThat(log.recoveryPoint()).isGreaterThanOrEqualTo(20L);
        scheduler.advance(300_000); // retention check: everything is older than a minute
        assertThat(log.logStartOffset()).isEqualTo(25);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        manager.close();
    }
}
