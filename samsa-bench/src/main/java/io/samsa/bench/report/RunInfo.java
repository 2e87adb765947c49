package io.samsa.bench.report;

import java.util.List;

/**
 * What the report says about the run besides its numbers.
 *
 * @param date        the run's date (yyyy-MM-dd), also the report's file name
 * @param mode        "quick" or "full"
 * @param command     the command line that produced the report
 * @param environment lines describing the machine, JDK and the two brokers' versions
 * @param settings    lines describing the settings shared by both brokers and the clients
 * @param logDir      where broker and tool logs were kept
 */
public record RunInfo(String date, String mode, String command, List<String> environment, List<String> settings,
                      String logDir) {
}
