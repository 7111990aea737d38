package io.stagehand.postgres;


import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Rows of text values in the binary format of PostgreSQL's {@code COPY ... FROM STDIN (FORMAT
 * binary)}: a signature and two empty header fields, then per row its number of values and each
 * value as its length and UTF-8 bytes (-1 for null), then -1. The text values fit columns of type
 * text (the binary form of text is its UTF-8 bytes); other types are cast from text columns.
 */
public final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private BinaryCopy() {
    }

    /**
     * Copies rows with {@code copy} (a {@code COPY ... FROM STDIN (FORMAT binary)} statement) on the
     * connection of the current transaction. Each value goes as its UTF-8 bytes, where an insert from
     * arrays had the driver quote and escape every value into an array literal and the server parse it back.
     */
    public static Mono<Void> copy(DatabaseClient db, String copy, List<String[]> rows) {
        // the buffer is made when the driver asks for it, and the driver releases it once sent
        return db.inConnection(connection -> {
            PostgresqlConnection postgres = Unwrapping.find(connection, PostgresqlConnection.class);
            if (postgres == null) {
                return Mono.error(new IllegalStateException("Not a connection of the PostgreSQL driver: " + connection));
            }
            return postgres.copyIn(copy, Mono.fromCallable(() -> rows(rows)));
        }).then();
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
