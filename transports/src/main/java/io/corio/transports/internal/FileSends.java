package io.corio.transports.internal;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.Future;
import io.corio.transports.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;

/** The checks every {@code Transport.sendFile} makes before sending anything, in one place. */
public final class FileSends {
    private FileSends() {
    }

    /**
     * Validates the arguments and returns an already completed future when there is nothing to send (a count of
     * 0), nothing can be sent (the transport is closing) or the range lies past the end of the file; null when
     * the send should go ahead.
     *
     * @throws IllegalArgumentException for a null file or a negative position or count
     */
    public static Future<Long> precheck(Transport transport, FileChannel file, long position, long count) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("need position >= 0 and count >= 0, got position=" + position
                    + ", count=" + count);
        }
        Future<Long> done = transport.loop().createFuture();
        if (transport.isClosing()) {
            done.setException(new ClosedResourceException("sendFile() on a closing or closed transport: "
                    + transport));
            return done;
        }
        long size;
        try {
            size = file.size();
        } catch (IOException e) {
            done.setException(e);
            return done;
        }
        if (count > size - position) {
            done.setException(new EOFException("sendFile() of bytes " + position + ".." + (position + count)
                    + " past the end of a file of " + size + " bytes"));
            return done;
        }
        if (count == 0) {
            done.setResult(0L);
            return done;
        }
        return null;
    }

    /** The failure of the file sends still queued when a transport is aborted or lost. */
    public static Throwable lost(Throwable cause, Transport transport) {
        return cause != null ? cause
                : new ClosedResourceException("the transport was closed before sendFile() finished: " + transport);
    }
}
