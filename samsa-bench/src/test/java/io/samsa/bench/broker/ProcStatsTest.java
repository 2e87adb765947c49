package io.samsa.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void cpuIsUtimePlusStimeEvenWithSpacesAndParenthesesInTheName() {
        // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 0 0 20 0 40 0 5 0 0";
        assertThat(ProcStats.parseCpuSeconds(stat)).isEqualTo(18.0);
    }

    @Test
    void peakRssIsVmHwmInBytes() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 5000000 kB", "VmHWM:\t  556200 kB",
                "VmRSS:\t  556000 kB");
        assertThat(ProcStats.parsePeakRssBytes(status)).isEqualTo(556_200L * 1024);
    }

    @Test
    void readsThisProcess() throws IOException {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.cpuSeconds(pid)).isPositive();
        assertThat(ProcStats.peakRssBytes(pid)).isGreaterThan(1024 * 1024);
    }
}
