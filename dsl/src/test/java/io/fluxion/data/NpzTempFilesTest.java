package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary files of {@link Npz#write}: none is left by a failed save, a JVM stopped by
 * SIGTERM, or (after the next save) one killed outright; none that a live writer holds is removed;
 * and the checkpoint itself is always the old whole file or the new one.
 */
class NpzTempFilesTest {

    @TempDir
    Path dir;

    /** 32 MB a save: long enough that a signal lands inside one. */
    private static final int ELEMENTS = 4_000_000;

    private List<Path> temps() {
        try (var s = Files.list(dir)) {
            return List.ofAll(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).sorted());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A saver started on {@code file}, once it is writing a save after its first. */
    private Process savingLoop(Path file) {
        Process p = Forked.start(dir.resolve("loop.log"), List.of("-Xmx256m"), SaveLoop.class, file.toString(),
                String.valueOf(ELEMENTS));
        await(() -> Files.exists(file) && !temps().isEmpty() || !p.isAlive(), "the saver's second save to begin");
        assertTrue(p.isAlive(), this::log);
        return p;
    }

    @Test
    void sigtermDeletesTheTemporaryFileOfTheSaveItInterrupts() throws Exception {
        Path f = dir.resolve("big.npz");
        for (int round = 1; round <= 3; round++) {
            Process p = savingLoop(f);
            p.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the saver did not stop on SIGTERM");
            assertEquals(List.empty(), temps(), "round " + round + ": " + log());
            assertWhole(f);
        }
    }

    @Test
    void afterKillMinus9TheNextSaveRemovesTheStaleTemporaryFile() throws Exception {
        Path f = dir.resolve("big.npz");
        List<Path> stale = List.empty();
        for (int attempt = 1; attempt <= 5 && stale.isEmpty(); attempt++) {
            Process p = savingLoop(f);
            p.destroyForcibly(); // SIGKILL: nothing runs
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the saver did not die on SIGKILL");
            assertWhole(f);
            stale = temps();
        }
        assertFalse(stale.isEmpty(), "in 5 rounds no kill -9 landed inside a save: nothing to clean");
        Npz.write(f, SaveLoop.version(3, 99));
        assertEquals(List.empty(), temps());
        assertTrue(Damage.equal(SaveLoop.version(3, 99), Npz.read(f)));
    }

    @Test
    void aTemporaryFileThatAnotherProcessIsWritingIsLeftAlone() throws Exception {
        Path f = dir.resolve("ckpt.npz");
        Npz.write(f, SaveLoop.version(3, 0));
        Path go = dir.resolve("go");
        Process p = Forked.start(dir.resolve("held.log"), List.of(), SaveLoop.class, f.toString(), "3", go.toString());
        await(() -> log("held.log").contains("writing") || !p.isAlive(), "the other process to start its save");
        List<Path> held = temps();
        assertEquals(1, held.size(), log("held.log"));
        Npz.write(f, SaveLoop.version(3, 2));
        assertEquals(held, temps(), "the other process's temporary file is still there");
        Files.createFile(go);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, log("held.log"));
        assertEquals(List.empty(), temps());
        assertTrue(Damage.equal(SaveLoop.version(3, 1), Npz.read(f)), "the held save completed last");
    }

    @Test
    void aTemporaryFileThatThisJvmIsWritingIsLeftAlone() throws Exception {
        Path f = dir.resolve("ckpt.npz");
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        Thread held = Thread.ofPlatform().start(() -> Npz.write(f, SaveLoop.version(3, 1), name -> {
            writing.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertTrue(writing.await(30, TimeUnit.SECONDS));
        List<Path> live = temps();
        assertEquals(1, live.size());
        Npz.write(f, SaveLoop.version(3, 2));
        assertEquals(live, temps(), "the held save's temporary file is still there");
        go.countDown();
        held.join(30_000);
        assertEquals(List.empty(), temps());
        assertTrue(Damage.equal(SaveLoop.version(3, 1), Npz.read(f)), "the held save completed last");
    }

    @Test
    void onlyThisCheckpointsOwnTemporaryFilesAreRemoved() throws IOException {
        Path f = dir.resolve("a.npz");
        Path stale = Files.writeString(dir.resolve(".a.npz.3k9x0q2.tmp"), "left by a killed save");
        List<Path> others = List.of(".b.npz.3k9x0q2.tmp", ".a.npz.notes.txt", ".a.npz.x.npz.3k9.tmp", "a.npz.3k9.tmp")
                .map(n -> dir.resolve(n));
        for (Path o : others) {
            Files.writeString(o, "not a temporary file of a.npz");
        }
        Npz.write(f, SaveLoop.version(2, 1));
        assertFalse(Files.exists(stale));
        assertTrue(others.forAll(Files::exists), "others are kept");
        assertTrue(TempFiles.isTemp(".a.npz.3k9x0q2.tmp", ".a.npz.") && !TempFiles.isTemp(".a.npz..tmp", ".a.npz."));
    }

    /** The checkpoint is some save's whole file: w holds n copies of its i. */
    private static void assertWhole(Path f) {
        LinkedHashMap<String, Tensor> saved = Npz.read(f);
        double i = saved.get("i").get().item();
        assertTrue(i >= 1 && Damage.equal(SaveLoop.version(ELEMENTS, (int) i), saved), "save " + i + " is not whole");
    }

    private String log() {
        return log("loop.log");
    }

    private String log(String name) {
        try {
            return Files.exists(dir.resolve(name)) ? Files.readString(dir.resolve(name)) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until {@code condition} holds; a minute at most (a condition, not a timing, is tested). */
    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited a minute for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
