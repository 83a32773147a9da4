package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Npz;
import io.fluxion.expr.Var;
import io.fluxion.nn.Activations;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.nn.Sequential;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: a round trip by name, and each way a file can fail to fit the parameters. */
class CheckpointTest {
    @TempDir
    Path dir;

    private final Var w = variable("W", 2, 2);
    private final Var b = variable("b", 2);
    private final Params params = Params.of(w, Tensor.of(Shape.of(2, 2), 1, 2, 3, 4)).and(b, Tensor.vector(-1, 0.5));

    @Test
    void aTrainedModelComesBackByNameAsTheSameVariables() {
        Model model = Sequential.of(Dense.of(1, 3, 1L, Activations.TANH), Dense.of(3, 1, 2L));
        Epoch tenth = Training.of(model, Losses::mse, Optimizers.adam(0.05)).epochs(Feet.DATA, 7).get(9);
        Path file = dir.resolve("my_checkpoint.npz");
        Checkpoint.save(tenth.params(), file);
        Params back = Checkpoint.load(file, model.params());
        assertEquals(tenth.params(), back);
        assertEquals(List.of("dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"),
                Npz.read(file).keySet().toList());
        assertArrayEquals(model.withParams(tenth.params()).predict(Feet.DATA.x()).toArray(),
                model.withParams(back).predict(Feet.DATA.x()).toArray());
    }

    @Test
    void aMissingVariableNamesTheFileAndTheVariable() {
        Path file = dir.resolve("only_w.npz");
        Npz.write(file, LinkedHashMap.of("W", params.get(w)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, params));
        assertEquals("Checkpoint.load: " + file + " has no variable 'b' (2); it holds W (2, 2)", e.getMessage());
    }

    @Test
    void aMisShapedVariableNamesTheFileTheVariableAndBothShapes() {
        Path file = dir.resolve("bad_shape.npz");
        Npz.write(file, LinkedHashMap.of("W", Tensor.zeros(Shape.of(2, 3)), "b", Tensor.zeros(Shape.of(2))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, params));
        assertEquals("Checkpoint.load: in " + file + ", variable 'W' has shape (2, 3) but the parameters need (2, 2)",
                e.getMessage());
    }

    @Test
    void aVariableTheParametersLackIsRefused() {
        Path file = dir.resolve("extra.npz");
        Npz.write(file, LinkedHashMap.of("W", params.get(w), "b", params.get(b), "c", Tensor.scalar(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, params));
        assertTrue(e.getMessage().contains("holds variables the parameters lack: c"), e.getMessage());
    }

    @Test
    void repeatedNamesAreRefusedAndNothingIsWritten() {
        Params twins = Params.of(variable("x"), Tensor.scalar(1)).and(variable("x"), Tensor.scalar(2));
        Path file = dir.resolve("twins.npz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(twins, file));
        assertTrue(e.getMessage().contains("several variables are named x"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void aFailedSaveLeavesThePreviousFileAndAMissingFileIsNamed() throws Exception {
        Path file = dir.resolve("ckpt.npz");
        Checkpoint.save(params, file);
        byte[] before = Files.readAllBytes(file);
        Params bad = Params.of(variable("no/slash"), Tensor.scalar(1));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(bad, file));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file.getFileName()), List.ofAll(Files.list(dir).toList()).map(Path::getFileName),
                "no temporary file is left");
        assertThrows(UncheckedIOException.class, () -> Checkpoint.load(dir.resolve("absent.npz"), params));
    }
}
