package io.fluxion.data;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.ByteBuffer;

/** The element types of the IDX format: the third byte of the magic number, with their sizes. */
enum IdxType {
    UBYTE(0x08, 1, "unsigned byte"),
    BYTE(0x09, 1, "signed byte"),
    SHORT(0x0B, 2, "short"),
    INT(0x0C, 4, "int"),
    FLOAT(0x0D, 4, "float"),
    DOUBLE(0x0E, 8, "double");

    final int code;
    final int bytes;
    final String label;

    IdxType(int code, int bytes, String label) {
        this.code = code;
        this.bytes = bytes;
        this.label = label;
    }

    /** The type with this code, if IDX defines one. */
    static Option<IdxType> of(int code) {
        return List.of(values()).find(t -> t.code == code);
    }

    /** Decodes the first {@code length} bytes of a chunk, whole big-endian elements, into {@code out} from {@code at}. */
    void decode(byte[] chunk, int length, double[] out, int at) {
        ByteBuffer b = ByteBuffer.wrap(chunk, 0, length); // big-endian, as IDX is; one loop per type, for speed
        int n = length / bytes;
        switch (this) {
            case UBYTE -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = chunk[i] & 0xFF;
                }
            }
            case BYTE -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = chunk[i];
                }
            }
            case SHORT -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = b.getShort();
                }
            }
            case INT -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = b.getInt();
                }
            }
            case FLOAT -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = b.getFloat();
                }
            }
            case DOUBLE -> b.asDoubleBuffer().get(out, at, n);
        }
    }

    /** For messages, e.g. {@code "unsigned byte (0x08)"}. */
    @Override
    public String toString() {
        return label + String.format(" (0x%02X)", code);
    }

    /** All codes, for the message that rejects an unknown one. */
    static String known() {
        return List.of(values()).mkString(", ");
    }
}
