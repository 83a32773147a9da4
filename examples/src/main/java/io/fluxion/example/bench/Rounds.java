package io.fluxion.example.bench;

import io.vavr.collection.List;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the round-by-round benchmark programs (plain {@code main}s, not JMH) print beside
 * {@link Bench}'s: spreads, the load, and the two costs a round can hide, the bytes the thread
 * allocated and the page faults the process took (first touches of fresh heap).
 */
final class Rounds {
    private Rounds() {}

    /**
     * The median, the 10th to 90th percentile and the extremes: {@code 2.41 (p10–p90 2.30–2.80,
     * 2.28–3.95)}, so that one slow round (the JIT's first) shows apart from a spread.
     */
    static String summary(double[] values, String format) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(format + " (p10–p90 " + format + "–" + format + ", " + format + "–" + format + ")",
                Bench.median(v), percentile(v, 10), percentile(v, 90), v[0], v[v.length - 1]);
    }

    /** The p-th percentile of sorted values, the nearest rank. */
    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Every value, in order. */
    static String all(double[] values, String format) {
        return List.ofAll(values).map(v -> String.format(format, v)).mkString(" ");
    }

    /** The JVM, the cores, the CPU and the load average: what a reader needs to weigh the figures. */
    static String machine() {
        return String.format("# java %s, %d cores, %s, load average %s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Bench.cpuModel(), load());
    }

    /** The load average over 1, 5 and 15 minutes, as {@code uptime} prints it. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The process's minor page faults so far (Linux), or -1 where they cannot be read. */
    static long pageFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Field 10 (minflt), counted after the command name in parentheses.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The bytes the current thread has allocated so far, or -1 where the JVM does not say. */
    static long allocatedBytes() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                ? t.getCurrentThreadAllocatedBytes() : -1;
    }
}
