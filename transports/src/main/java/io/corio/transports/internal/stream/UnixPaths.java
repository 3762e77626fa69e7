package io.corio.transports.internal.stream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks and clean-up around Unix socket files: what the JDK cannot do (abstract names), what the kernel refuses
 * (long paths) said clearly, stale files of dead servers removed, regular files never touched.
 */
final class UnixPaths {
    /** Linux {@code sun_path} is 108 bytes including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private UnixPaths() {
    }

    /** Refuses abstract names and paths longer than the kernel takes, naming the limit. */
    static void check(Path path) throws IOException {
        String s = path.toString();
        if (s.isEmpty()) {
            throw new IOException("empty Unix socket path");
        }
        if (s.charAt(0) == '@' || s.charAt(0) == '\0') {
            throw new IOException("abstract Unix socket names are not supported (the JDK has no abstract "
                    + "namespace, only socket files): '" + s + "'; use a filesystem path");
        }
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException("Unix socket path is " + bytes + " bytes, longer than the " + MAX_PATH_BYTES
                    + "-byte limit of sun_path: " + s + " (use a shorter or relative path)");
        }
    }

    /**
     * Before a bind: deletes {@code path} if it is a socket file nobody listens on (a server that died without
     * cleaning up). A live socket or any other kind of file is refused with an {@link IOException} and left as is.
     */
    static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IOException("cannot listen on " + path + ": the path exists and is not a socket (refusing to "
                    + "replace it)");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            Files.deleteIfExists(path);
            return;
        }
        throw new IOException("cannot listen on " + path + ": address already in use (a server is listening there)");
    }

    /** The file key (device and inode) of the socket file after bind, to delete only that file at close. */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** After close: deletes the socket file if it is still the one this server bound (not a successor's). */
    static void deleteIfSame(Path path, Object fileKey) {
        try {
            if (fileKey != null && fileKey.equals(fileKey(path)) && isSocket(path)) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException ignored) {
            // already gone
        } catch (IOException ignored) {
            // the file is someone else's concern now
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFSOCK;
    }
}
