/** Measurements, the targets they are held to, and their Markdown table and PNG charts. */
package io.samsa.bench.report;
