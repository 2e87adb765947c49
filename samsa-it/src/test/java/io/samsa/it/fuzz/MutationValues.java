package io.samsa.it.fuzz;

import java.util.List;
import java.util.Random;
import org.apache.kafka.common.Uuid;

/**
 * The values a mutated field may take: the edges of its type, the neighbours of its current value (off-by-one),
 * a random value, and for names the names of other resources. Which one is chosen comes from the case's random
 * source. Stateless apart from the names it was given.
 */
final class MutationValues {
    /** Longer than any name Kafka allows (249), within what a string field can carry (32767). */
    private static final int LONG_STRING = 5_000;

    private final List<String> names;
    private final List<Uuid> ids;

    MutationValues(FuzzTargets targets) {
        this.names = targets.names();
        this.ids = List.of(targets.dataTopicId(), targets.victimTopicId(), Uuid.ZERO_UUID, Uuid.METADATA_TOPIC_ID,
                Uuid.ONE_UUID);
    }

    long nextLong(Random r, long current) {
        return switch (r.nextInt(10)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> -1L;
            case 3 -> 0L;
            case 4 -> current + 1;
            case 5 -> current - 1;
            case 6 -> (long) Integer.MAX_VALUE + 1;
            case 7 -> -2L - r.nextInt(4); // -2..-5 are special timestamps and offsets in several APIs
            default -> r.nextLong();
        };
    }

    int nextInt(Random r, int current) {
        return switch (r.nextInt(11)) {
            case 0 -> Integer.MIN_VALUE;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> -1;
            case 3 -> 0;
            case 4 -> current + 1;
            case 5 -> current - 1;
            case 6 -> 1 << 16;
            case 7 -> 1 + r.nextInt(100);
            case 8 -> -2 - r.nextInt(100);
            default -> r.nextInt();
        };
    }

    short nextShort(Random r, short current) {
        return switch (r.nextInt(8)) {
            case 0 -> Short.MIN_VALUE;
            case 1 -> Short.MAX_VALUE;
            case 2 -> -1;
            case 3 -> 0;
            case 4 -> (short) (current + 1);
            case 5 -> (short) (current - 1);
            default -> (short) r.nextInt();
        };
    }

    byte nextByte(Random r, byte current) {
        return switch (r.nextInt(8)) {
            case 0 -> Byte.MIN_VALUE;
            case 1 -> Byte.MAX_VALUE;
            case 2 -> -1;
            case 3 -> 0;
            case 4 -> (byte) (current + 1);
            case 5 -> (byte) (current - 1);
            default -> (byte) r.nextInt();
        };
    }

    double nextDouble(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> -1.0;
            default -> r.nextDouble() * 1e12;
        };
    }

    String nextString(Random r, String current) {
        return switch (r.nextInt(12)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "x".repeat(LONG_STRING);
            case 3 -> "x".repeat(250); // just over Kafka's longest topic name
            case 4 -> "\u0000";
            case 5 -> "ü💥/../\\\n";
            case 6 -> "..";
            case 7 -> current == null ? "fuzz" : current + "x";
            case 8 -> current == null || current.isEmpty() ? "" : current.substring(0, current.length() - 1);
            case 9 -> "-1";
            default -> names.get(r.nextInt(names.size()));
        };
    }

    Uuid nextUuid(Random r) {
        return r.nextInt(3) == 0 ? new Uuid(r.nextLong(), r.nextLong()) : ids.get(r.nextInt(ids.size()));
    }

    byte[] nextBytes(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> new byte[0];
            default -> {
                byte[] b = new byte[1 + r.nextInt(r.nextBoolean() ? 16 : 2_000)];
                r.nextBytes(b);
                yield b;
            }
        };
    }

    /**
     * How many copies of an element to add to a collection. Not more than a thousand: kafka-clients parses a
     * map-keyed collection of equal keys in time that grows with the cube of their number (1,000 take about a second,
     * 4,000 about forty), and this finding has its own test (FuzzFindingsIT); more would only slow every run down.
     */
    int copies(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 2 + r.nextInt(10);
            case 2 -> 100;
            default -> 1_000;
        };
    }
}
