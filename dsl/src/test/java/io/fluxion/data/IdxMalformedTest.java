package io.fluxion.data;

import static io.fluxion.data.IdxFiles.gzip;
import static io.fluxion.data.IdxFiles.idx;
import static io.fluxion.data.IdxFiles.raw;
import static io.fluxion.data.IdxFiles.ubytes;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted IDX files: every malformation is refused, naming the file, before memory is committed to it. */
class IdxMalformedTest {

    @TempDir
    Path dir;

    @Test
    void wrongMagicNumber() {
        Path f = raw(dir, "zip.idx", new byte[] {0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 1, 9});
        refused(f, "magic", "0x504B0304");
    }

    @Test
    void unknownTypeCode() {
        refused(raw(dir, "t.idx", idx(0x0A, new int[] {1}, ubytes(1))), "0x0A", "unsigned byte (0x08)");
    }

    @Test
    void rankZeroAndRankAboveEight() {
        refused(raw(dir, "r0", idx(0x08, new int[] {}, ubytes(1))), "rank 0", "between 1 and 8");
        int[] nine = new int[9];
        Arrays.fill(nine, 1);
        refused(raw(dir, "r9", idx(0x08, nine, ubytes(1))), "rank 9", "between 1 and 8");
    }

    @Test
    void zeroOrNegativeDimension() {
        refused(raw(dir, "zero", idx(0x08, new int[] {3, 0}, ubytes())), "positive", "found 0");
        refused(raw(dir, "negative", idx(0x08, new int[] {-5, 2}, ubytes(1, 2))), "positive", "found -5");
    }

    @Test
    void tooManyElementsIsRefusedBeforeAllocating() {
        // 2^16 * 2^16 = 2^32 elements: overflows an int; 8 dims of 2^31-1 would overflow a long.
        refused(raw(dir, "big", idx(0x08, new int[] {65536, 65536}, ubytes(1))), "65536", "refused before allocating");
        int[] huge = new int[8];
        Arrays.fill(huge, Integer.MAX_VALUE);
        refused(gzip(dir, "huge", idx(0x0E, huge, ubytes())), "elements");
    }

    @Test
    void claimBeyondTheHeapIsRefusedNamingIt() {
        long heap = Runtime.getRuntime().maxMemory();
        org.junit.jupiter.api.Assumptions.assumeTrue(heap < Limits.MAX_ELEMENTS * 8,
                "this JVM's heap could hold the largest IDX file: nothing to refuse");
        int n = (int) Math.min(Limits.MAX_ELEMENTS, heap / 8 + 1);
        refused(raw(dir, "heap", idx(0x0E, new int[] {n}, ubytes())), "maximum heap", "-Xmx");
    }

    @Test
    void truncatedHeader() {
        refused(raw(dir, "short", ubytes(0, 0)), "truncated", "2 bytes");
        refused(raw(dir, "dims", Arrays.copyOf(idx(0x08, new int[] {2, 2}, ubytes()), 9)), "truncated header", "rank 2");
    }

    @Test
    void truncatedRawFileClaimingMnistSizeIsRefusedWithoutAllocatingIt() {
        Path f = raw(dir, "train-images-idx3-ubyte", idx(0x08, new int[] {60000, 28, 28}, new byte[100]));
        refusedCheaply(f);
    }

    @Test
    void truncatedGzipFileClaimingMnistSizeIsRefusedWithoutAllocatingIt() {
        Path f = gzip(dir, "train-images-idx3-ubyte.gz", idx(0x08, new int[] {60000, 28, 28}, new byte[100]));
        refusedCheaply(f);
    }

    /** 47 MB claimed, 376 MB as doubles: the refusal must come fast and allocate only what the file holds. */
    private static void refusedCheaply(Path f) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            long[] allocated = {0};
            allocated[0] = Allocations.during(() -> refused(f, "truncated", "47040000 bytes", "holds 100"));
            assertTrue(allocated[0] < (4 << 20), "refusing allocated " + allocated[0] + " bytes");
        });
    }

    @Test
    void trailingGarbage() {
        refused(raw(dir, "raw", idx(0x08, new int[] {2}, ubytes(1, 2, 3))), "trailing", "claims 2 bytes", "holds 3");
        refused(gzip(dir, "gz", idx(0x08, new int[] {2}, ubytes(1, 2, 3))), "trailing", "claims 2 bytes");
    }

    @Test
    void truncatedGzipDataIsRefused() {
        refused(gzip(dir, "short.gz", idx(0x0C, new int[] {3}, new byte[10])), "truncated", "12 bytes", "holds 10");
    }

    @Test
    void damagedGzipStream() {
        byte[] gz = IdxFiles.gzipped(idx(0x08, new int[] {1000}, new byte[1000]));
        refused(raw(dir, "cut.gz", Arrays.copyOf(gz, gz.length / 2)), "gzip");
        byte[] bad = gz.clone();
        Arrays.fill(bad, 10, bad.length, (byte) 0xFF);
        refused(raw(dir, "bad.gz", bad), "gzip");
    }

    private static void refused(Path f, String... naming) {
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        for (String s : naming) {
            assertTrue(e.getMessage().contains(s), "says " + s + ": " + e.getMessage());
        }
    }
}
