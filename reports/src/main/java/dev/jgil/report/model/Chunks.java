package dev.jgil.report.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunk layout of a JFR file from the chunk headers alone: magic "FLR\0", major and minor version
 * (2 bytes each), then the chunk's size in bytes (a big-endian long at offset 8). Chunks follow each other.
 */
final class Chunks {
    /** {offset, size} of each complete chunk, in file order. */
    final List<long[]> complete = new ArrayList<>();
    /** Offset of a trailing chunk that the file does not fully contain, or -1. */
    long incompleteAt = -1;

    private static final int HEADER_BYTES = 68;

    static Chunks scan(Path file, long fileSize) {
        Chunks c = new Chunks();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(16);
            long pos = 0;
            while (pos < fileSize) {
                h.clear();
                int n = 0;
                while (h.hasRemaining()) {
                    int r = ch.read(h, pos + n);
                    if (r < 0) break;
                    n += r;
                }
                if (n < 16 || h.get(0) != 'F' || h.get(1) != 'L' || h.get(2) != 'R' || h.get(3) != 0) {
                    c.incompleteAt = pos;
                    break;
                }
                long size = h.getLong(8);
                // 0 (or nonsense): a chunk still being written, or the JVM died before finishing its header.
                if (size < HEADER_BYTES || pos + size > fileSize) {
                    c.incompleteAt = pos;
                    break;
                }
                c.complete.add(new long[] {pos, size});
                pos += size;
            }
        } catch (IOException e) {
            c.complete.clear(); // let the single-threaded parser report it
        }
        return c;
    }
}
