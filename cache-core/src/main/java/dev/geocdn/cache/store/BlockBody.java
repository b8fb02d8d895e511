package dev.geocdn.cache.store;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * A heap body made of consecutive blocks; a body whose length was known when it was filled is
 * one block. Blocks are never modified once the body is built.
 */
public final class BlockBody implements Body {

    private final List<byte[]> blocks;
    private final long length;

    /** A body of {@code length} bytes laid out in {@code blocks}; only the last block may be partly used. */
    public BlockBody(List<byte[]> blocks, long length) {
        this.blocks = List.copyOf(blocks);
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public boolean copyTo(long offset, byte[] dst, int dstOffset, int copyLength) {
        if (offset < 0 || copyLength < 0 || offset + copyLength > length) {
            throw new IndexOutOfBoundsException("copy " + offset + "+" + copyLength + " of " + length);
        }
        long blockStart = 0;
        long position = offset;
        int remaining = copyLength;
        int at = dstOffset;
        for (int b = 0; b < blocks.size() && remaining > 0; b++) {
            byte[] block = blocks.get(b);
            long blockEnd = blockStart + block.length;
            if (position < blockEnd) {
                int from = (int) (position - blockStart);
                int n = Math.min(remaining, block.length - from);
                System.arraycopy(block, from, dst, at, n);
                at += n;
                remaining -= n;
                position += n;
            }
            blockStart = blockEnd;
        }
        return true;
    }

    @Override
    public void forEachSlice(long offset, long sliceLength, Consumer<ByteBuffer> sink) {
        if (offset < 0 || sliceLength < 0 || offset + sliceLength > length) {
            throw new IndexOutOfBoundsException("slice " + offset + "+" + sliceLength + " of " + length);
        }
        long blockStart = 0;
        long remaining = sliceLength;
        long position = offset;
        for (byte[] block : blocks) {
            if (remaining == 0) {
                return;
            }
            long blockEnd = blockStart + block.length;
            if (position < blockEnd) {
                int from = (int) (position - blockStart);
                int n = (int) Math.min(remaining, block.length - from);
                sink.accept(ByteBuffer.wrap(block, from, n).slice().asReadOnlyBuffer());
                remaining -= n;
                position += n;
            }
            blockStart = blockEnd;
        }
    }
}
