package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionDirNamesTest {
    @Test
    void partitionIsTheTextAfterTheLastDash() {
        assertThat(PartitionDirNames.parse("my.topic-with-dashes-12")).contains(new TopicPartition(
                "my.topic-with-dashes", 12));
        assertThat(PartitionDirNames.parse("__consumer_offsets-49")).contains(new TopicPartition(
                "__consumer_offsets", 49));
        assertThat(PartitionDirNames.parse("t-0")).contains(new TopicPartition("t", 0));
    }

    @Test
    void otherNamesAreNotPartitions() {
        assertThat(PartitionDirNames.parse("lost+found")).isEmpty();
        assertThat(PartitionDirNames.parse("topic")).isEmpty();
        assertThat(PartitionDirNames.parse("-1")).isEmpty();
        assertThat(PartitionDirNames.parse("topic-")).isEmpty();
        assertThat(PartitionDirNames.parse("topic-x")).isEmpty();
        assertThat(PartitionDirNames.parse("t-0.0123456789abcdef0123456789abcdef-future")).isEmpty();
        assertThat(PartitionDirNames.parse("bad topic-1")).isEmpty();
    }

    @Test
    void deleteDirNamesAreRecognisedAndBounded() {
        String name = PartitionDirNames.deleteDirName(new TopicPartition("my-topic", 3));
        assertThat(name).matches("my-topic-3\\.[0-9a-f]{32}-delete");
        assertThat(PartitionDirNames.isDeleteDir(name)).isTrue();
        assertThat(PartitionDirNames.parse(name)).isEmpty();
        String longName = PartitionDirNames.deleteDirName(new TopicPartition("x".repeat(249), 1000));
        assertThat(longName.length()).isLessThanOrEqualTo(255);
    }
}
