package io.samsa.it.fuzz;

import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * What the fuzzer's requests name, so handlers run their deep paths rather than stopping at "unknown topic": topics
 * that exist (with their ids), a group with committed offsets, the broker's id.
 *
 * @param dataTopic     written by Produce cases and read by everything; read back whole at the end of a run
 * @param dataTopicId   its id
 * @param compactTopic  a compacted topic (keys are checked on produce)
 * @param victimTopic   the target of destructive APIs (DeleteTopics, DeleteRecords, AlterConfigs, CreatePartitions);
 *                      the run recreates it when it is gone
 * @param victimTopicId its id when the run started
 * @param partitions    partitions of each of these topics
 * @param group         a classic group with committed offsets and no members
 * @param brokerId      the broker's id
 */
record FuzzTargets(String dataTopic, Uuid dataTopicId, String compactTopic, String victimTopic, Uuid victimTopicId,
                   int partitions, String group, int brokerId) {

    /** The same targets after the data and victim topics were recreated with these ids. */
    FuzzTargets withIds(Uuid newDataTopicId, Uuid newVictimTopicId) {
        return new FuzzTargets(dataTopic, newDataTopicId, compactTopic, victimTopic, newVictimTopicId, partitions,
                group, brokerId);
    }

    /** Names a mutated string field may take, so one request names another's resource. */
    List<String> names() {
        return List.of(dataTopic, compactTopic, victimTopic, group, "__consumer_offsets", String.valueOf(brokerId));
    }

    /** Topics whose records the run reads back at its end. */
    List<String> producedTopics() {
        return List.of(dataTopic, compactTopic);
    }

    /** Topics the run must not delete when it tidies. */
    List<String> fixedTopics() {
        return List.of(dataTopic, compactTopic, victimTopic);
    }
}
