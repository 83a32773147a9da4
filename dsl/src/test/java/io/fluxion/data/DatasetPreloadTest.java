package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vavr.collection.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first dataset starts loading the native BLAS in the background (Preload), tensors alone do
 * not: a program that never multiplies loads no native library, and the JDK has nothing to warn of.
 * Each case in a fresh JVM, where nothing else has started it.
 */
class DatasetPreloadTest {

    @TempDir
    Path dir;

    private String probe(String what) {
        Forked.Result r = Forked.run(dir, 120, List.empty(), PreloadProbe.class, what);
        assertEquals(0, r.exit(), r.output());
        return r.output().strip();
    }

    @Test
    void aDatasetStartsLoadingTheProductsMachinery() {
        assertEquals("rows 2\nloading started: true", probe("dataset").replaceAll("(?m)^WARNING: .*\\R", ""));
    }

    @Test
    void tensorsAloneLoadNothingAndPrintNoWarning() {
        assertEquals("loading started: false", probe("tensors"));
    }
}
