package io.corio.transports.internal.stream;

import io.corio.loop.Future;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A part of a file waiting in a {@link WriteQueue}: sent with {@link FileChannel#transferTo}, which is
 * sendfile(2) into a socket on Linux, so the bytes go from the page cache to the socket without entering the JVM.
 * Completes its future with the byte count once the last byte was handed to the kernel. Loop thread only.
 */
final class FileRegion {
    private final FileChannel file;
    private final long count;
    private final Future<Long> done;
    private long position;
    private long remaining;
    /** How many buffers had been added to the queue before this region: it is sent after exactly those. */
    long after;

    FileRegion(FileChannel file, long position, long count, Future<Long> done) {
        this.file = file;
        this.position = position;
        this.count = count;
        this.remaining = count;
        this.done = done;
    }

    long remaining() {
        return remaining;
    }

    /**
     * Sends what the socket takes now.
     *
     * @throws EOFException when the file shrank below the region while it waited (else the socket, writable,
     *                      would call us again and again for nothing)
     */
    long transferTo(WritableByteChannel channel) throws IOException {
        long sent = file.transferTo(position, remaining, channel);
        if (sent == 0 && position >= file.size()) {
            throw new EOFException("the file ended at byte " + file.size() + " while sendFile still had "
                    + remaining + " of its " + count + " bytes to send");
        }
        position += sent;
        remaining -= sent;
        return sent;
    }

    void complete() {
        if (!done.isDone()) {
            done.setResult(count);
        }
    }

    void fail(Throwable cause) {
        if (!done.isDone()) {
            done.setException(cause);
        }
    }

    @Override
    public String toString() {
        return "FileRegion[position=" + position + ", remaining=" + remaining + " of " + count + "]";
    }
}
