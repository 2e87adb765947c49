package io.samsa.it;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@link GroupMember} as a program of its own, for a test that must kill a member without letting it close
 * ({@link GroupMemberProcess}). It prints what the member does to standard output, one event a line, flushed before
 * the member goes on (so a record is printed before its offset is committed), and {@link #replay} turns those lines
 * back into {@link GroupMember.Events} in the test's JVM. SIGTERM closes the member cleanly; SIGKILL does not.
 *
 * <p>Arguments: {@code bootstrap groupId clientId topic[,topic…] [consumerConfig=value …]}.
 *
 * <p>The lines ({@code P} is a list of {@code topic/partition}, comma-separated, or {@code -} when empty):
 * <pre>
 * ASSIGNED generation P(added) P(assignment)
 * REVOKED lost P(revoked) P(remaining)
 * RECORD topic partition offset key
 * COMMITTED topic/partition=nextOffset,…
 * FAILED description
 * </pre>
 */
public final class GroupMemberMain {
    private GroupMemberMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Map<String, String> overrides = new HashMap<>();
        for (String a : Arrays.asList(args).subList(4, args.length)) {
            int eq = a.indexOf('=');
            overrides.put(a.substring(0, eq), a.substring(eq + 1));
        }
        // group.protocol=consumer (KIP-848) needs a config without the classic session and heartbeat settings.
        Map<String, Object> config = "consumer".equalsIgnoreCase(overrides.get("group.protocol"))
                ? GroupMember.consumerProtocolConfig(args[0], args[1], args[2], overrides)
                : GroupMember.config(args[0], args[1], args[2], overrides);
        GroupMember member = new GroupMember(args[2], config,
                List.of(args[3].split(",")), new Printer(out));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                member.close();
            } catch (RuntimeException e) {
                // The JVM is going away; the broker expires the member after its session timeout.
            }
        }));
        member.start();
        member.awaitTermination(GroupMember.MAX_LIFETIME.plus(Duration.ofSeconds(30)));
    }

    /** Parses one line printed by a member process and reports it to {@code to}; other lines are ignored. */
    static void replay(String line, GroupMember.Events to) {
        String[] f = line.split(" ", 5);
        switch (f[0]) {
            case "ASSIGNED" -> to.assigned(partitions(f[2]), partitions(f[3]), Integer.parseInt(f[1]));
            case "REVOKED" -> to.revoked(partitions(f[2]), Boolean.parseBoolean(f[1]), partitions(f[3]));
            case "RECORD" -> to.delivered(new ConsumerRecord<>(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]),
                    f[4].getBytes(StandardCharsets.UTF_8), null));
            case "COMMITTED" -> {
                Map<TopicPartition, Long> offsets = new HashMap<>();
                for (String o : f[1].split(",")) {
                    int eq = o.indexOf('=');
                    offsets.put(partition(o.substring(0, eq)), Long.parseLong(o.substring(eq + 1)));
                }
                to.committed(offsets);
            }
            case "FAILED" -> to.failed(new RuntimeException(line.substring("FAILED ".length())));
            default -> {
            }
        }
    }

    private static String format(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return "-";
        }
        return partitions.stream().map(GroupMemberMain::format).sorted().collect(Collectors.joining(","));
    }

    private static String format(TopicPartition tp) {
        return tp.topic() + "/" + tp.partition();
    }

    private static Set<TopicPartition> partitions(String list) {
        Set<TopicPartition> out = new HashSet<>();
        if (!list.equals("-")) {
            for (String p : list.split(",")) {
                out.add(partition(p));
            }
        }
        return out;
    }

    private static TopicPartition partition(String s) {
        int slash = s.lastIndexOf('/');
        return new TopicPartition(s.substring(0, slash), Integer.parseInt(s.substring(slash + 1)));
    }

    /** Prints each event as one line; {@code println} on an auto-flushing stream writes it out before returning. */
    private record Printer(PrintStream out) implements GroupMember.Events {
        @Override
        public void assigned(Set<TopicPartition> added, Set<TopicPartition> assignment, int generation) {
            out.println("ASSIGNED " + generation + " " + format(added) + " " + format(assignment));
        }

        @Override
        public void revoked(Set<TopicPartition> partitions, boolean lost, Set<TopicPartition> remaining) {
            out.println("REVOKED " + lost + " " + format(partitions) + " " + format(remaining));
        }

        @Override
        public void delivered(ConsumerRecord<byte[], byte[]> r) {
            out.println("RECORD " + r.topic() + " " + r.partition() + " " + r.offset() + " "
                    + (r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8)));
        }

        @Override
        public void committed(Map<TopicPartition, Long> offsets) {
            List<String> parts = new ArrayList<>();
            offsets.forEach((tp, o) -> parts.add(format(tp) + "=" + o));
            out.println("COMMITTED " + String.join(",", parts));
        }

        @Override
        public void failed(Throwable error) {
            out.println("FAILED " + error.toString().replace('\n', ' '));
        }
    }
}
