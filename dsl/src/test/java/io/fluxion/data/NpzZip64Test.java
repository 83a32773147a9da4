package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZIP64, which zip writers use past 65,535 entries or 4 GB: its end record and locator, and the
 * extra field that carries a central directory entry's sizes when they do not fit 32 bits.
 */
class NpzZip64Test {

    @TempDir
    Path dir;

    @Test
    void moreThan65535EntriesAreFoundThroughTheZip64EndRecord() {
        LinkedHashMap<String, Tensor> arrays = LinkedHashMap.empty();
        for (int i = 0; i < 65_536; i++) {
            arrays = arrays.put("a" + i, Tensor.scalar(i));
        }
        Path f = dir.resolve("many.npz");
        Npz.write(f, arrays);
        LinkedHashMap<String, Tensor> back = Npz.read(f);
        assertEquals(65_536, back.size());
        assertEquals(65_535.0, back.get("a65535").get().item());
        assertTrue(Damage.equal(arrays, back));
    }

    @Test
    void sizesInACentralDirectoryZip64ExtraFieldAreRead() throws IOException {
        Path f = dir.resolve("w.npz");
        LinkedHashMap<String, Tensor> arrays = LinkedHashMap.of("w", Tensor.vector(1.5, -2));
        Npz.write(f, arrays);
        Path wide = Files.write(dir.resolve("wide.npz"), withZip64Sizes(Files.readAllBytes(f)));
        assertTrue(Damage.equal(arrays, Npz.read(wide)));
    }

    /**
     * The archive of one entry with its central directory's sizes moved into a ZIP64 extra field
     * (both 0xFFFFFFFF in the fixed fields), as writers store sizes of 4 GB and more.
     */
    private static byte[] withZip64Sizes(byte[] zip) {
        ByteBuffer in = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        int directory = in.getInt(end + 16);
        int directorySize = in.getInt(end + 12);
        int nameLength = in.getShort(directory + 28);
        int extraLength = in.getShort(directory + 30);
        long compressed = in.getInt(directory + 20) & 0xFFFFFFFFL;
        long size = in.getInt(directory + 24) & 0xFFFFFFFFL;
        int header = 46 + nameLength;
        ByteBuffer out = ByteBuffer.allocate(zip.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        out.put(zip, 0, directory + header);
        out.putInt(directory + 20, 0xFFFFFFFF).putInt(directory + 24, 0xFFFFFFFF);
        out.putShort(directory + 30, (short) (extraLength + 20));
        out.putShort((short) 1).putShort((short) 16).putLong(size).putLong(compressed);
        out.put(zip, directory + header, zip.length - directory - header);
        out.putInt(end + 20 + 12, directorySize + 20);
        return out.array();
    }
}
