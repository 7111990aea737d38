package io.stagehand.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rows of text values in the binary format of PostgreSQL's {@code COPY ... FROM STDIN (FORMAT
 * binary)}: a signature and two empty header fields, then per row its number of values and each
 * value as its length and UTF-8 bytes (-1 for null), then -1.
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private BinaryCopy() {
    }

    /** A new buffer that the caller owns (the driver releases it once sent). */
    static ByteBuf rows(List<String[]> rows) {
        // most values are ASCII: a byte per character, plus the length fields
        int estimate = SIGNATURE.length + 10;
        for (String[] row : rows) {
            estimate += 2 + 4 * row.length;
            for (String value : row) {
                estimate += value == null ? 0 : value.length();
            }
        }
        ByteBuf data = ByteBufAllocator.DEFAULT.buffer(estimate);
        try {
            data.writeBytes(SIGNATURE).writeInt(0).writeInt(0);
            for (String[] row : rows) {
                data.writeShort(row.length);
                for (String value : row) {
                    if (value == null) {
                        data.writeInt(-1);
                    } else {
                        int length = data.writerIndex();
                        data.writeInt(0);
                        data.setInt(length, data.writeCharSequence(value, StandardCharsets.UTF_8));
                    }
                }
            }
            data.writeShort(-1);
            return data;
        } catch (RuntimeException e) {
            data.release();
            throw e;
        }
    }
}
