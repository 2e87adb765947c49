package io.samsa.storage;

import io.samsa.storage.txn.TransactionIndex;
import java.io.File;
import java.util.OptionalLong;

/**
 * Names of the files in a partition directory, Kafka's: {@code <20-digit base offset>.log}, {@code .index},
 * {@code .timeindex}, {@code .snapshot}, plus the suffixes of files in transition ({@code .deleted} awaiting
 * asynchronous removal, {@code .tmp} half-written, {@code .cleaned}/{@code .swap} from a compaction).
 * Stateless. Public only for {@link #prefix}, which the producer-state snapshots in a subpackage share.
 */
public final class LogFileNames {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String DELETED_SUFFIX = ".deleted";
    static final String TMP_SUFFIX = ".tmp";
    static final String CLEANED_SUFFIX = ".cleaned";
    static final String SWAP_SUFFIX = ".swap";

    private static final String ZEROS = "00000000000000000000";

    private LogFileNames() {
    }

    /** 20 digits, zero-padded, so that names sort like offsets. */
    public static String prefix(long offset) {
        // Not String.format: this runs for every segment and partition created, and format is slow when cold.
        String digits = Long.toString(offset);
        return ZEROS.substring(digits.length()) + digits;
    }

    static File logFile(File dir, long baseOffset) {
        return new File(dir, prefix(baseOffset) + LOG_SUFFIX);
    }

    static File offsetIndexFile(File dir, long baseOffset) {
        return new File(dir, prefix(baseOffset) + INDEX_SUFFIX);
    }

    static File txnIndexFile(File dir, long baseOffset) {
        return new File(dir, prefix(baseOffset) + TransactionIndex.SUFFIX);
    }

    static File timeIndexFile(File dir, long baseOffset) {
        return new File(dir, prefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    /** The offset a file is named after, if its name is 20 digits and {@code suffix}. */
    static OptionalLong offsetFromFileName(String name, String suffix) {
        if (!name.endsWith(suffix) || name.length() != 20 + suffix.length()) {
            return OptionalLong.empty();
        }
        String digits = name.substring(0, 20);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * True for files left in transition by a crash, which the loader deletes. {@code .cleaned} and {@code .swap}
     * files are not: {@link SegmentSwap#recoverInterrupted} decides about them first, since a {@code .swap} file
     * may be the only copy of a segment.
     */
    static boolean isLeftover(String name) {
        return name.endsWith(DELETED_SUFFIX) || name.endsWith(TMP_SUFFIX);
    }
}
