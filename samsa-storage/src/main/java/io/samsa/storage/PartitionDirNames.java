package io.samsa.storage;

import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * Names of partition directories in a log dir: {@code <topic>-<partition>} for live logs and
 * {@code <topic>-<partition>.<32 hex digits>-delete} for logs awaiting deletion (Kafka's, capped at 255
 * characters by shortening the topic). Topic names may contain '-' and '.', so the partition is the text after
 * the last '-'. Stateless.
 */
final class PartitionDirNames {
    static final String DELETE_DIR_SUFFIX = "-delete";
    private static final int MAX_TOPIC_LENGTH = 249;
    private static final int MAX_NAME_LENGTH = 255;

    private PartitionDirNames() {
    }

    static String logDirName(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }

    static String deleteDirName(TopicPartition tp) {
        String suffix = "-" + tp.partition() + "." + UUID.randomUUID().toString().replace("-", "")
                + DELETE_DIR_SUFFIX;
        int prefixLength = Math.min(tp.topic().length(), MAX_NAME_LENGTH - suffix.length());
        return tp.topic().substring(0, prefixLength) + suffix;
    }

    static boolean isDeleteDir(String name) {
        return name.endsWith(DELETE_DIR_SUFFIX);
    }

    /** The partition a live log directory belongs to, or empty for any other name. */
    static Optional<TopicPartition> parse(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        String topic = name.substring(0, dash);
        String partition = name.substring(dash + 1);
        for (int i = 0; i < partition.length(); i++) {
            if (!Character.isDigit(partition.charAt(i))) {
                return Optional.empty();
            }
        }
        if (partition.length() > 9 || !isLegalTopic(topic)) {
            return Optional.empty();
        }
        return Optional.of(new TopicPartition(topic, Integer.parseInt(partition)));
    }

    private static boolean isLegalTopic(String topic) {
        if (topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH || topic.equals(".") || topic.equals("..")) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return false;
            }
        }
        return true;
    }
}
