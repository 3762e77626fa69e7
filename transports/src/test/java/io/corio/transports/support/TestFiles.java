package io.corio.transports.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** A temporary file of seeded random bytes for {@code sendFile} tests; closing it deletes it. */
public final class TestFiles implements AutoCloseable {
    private final Path path;
    private final byte[] content;
    private final FileChannel channel;

    private TestFiles(Path path, byte[] content) throws IOException {
        this.path = path;
        this.content = content;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /** A file of {@code size} random bytes (the same bytes for the same size), open for reading. */
    public static TestFiles random(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        try {
            Path path = Files.createTempFile("corio-sendfile-", ".bin");
            Files.write(path, content);
            return new TestFiles(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FileChannel channel() {
        return channel;
    }

    public Path path() {
        return path;
    }

    /** The whole content (do not modify). */
    public byte[] content() {
        return content;
    }

    public int size() {
        return content.length;
    }

    /** {@code prefix}, then bytes {@code from..from+count} of the file, then {@code suffix}. */
    public byte[] framed(String prefix, int from, int count, String suffix) {
        byte[] p = prefix.getBytes();
        byte[] s = suffix.getBytes();
        byte[] out = new byte[p.length + count + s.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(content, from, out, p.length, count);
        System.arraycopy(s, 0, out, p.length + count, s.length);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
