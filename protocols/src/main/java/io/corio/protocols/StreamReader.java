package io.corio.protocols;

import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.netty.buffer.ByteBuf;

/**
 * The reading half of a stream connection, for coroutines (asyncio's {@code StreamReader}): each read returns a
 * future that a task awaits, {@code String line = reader.readLine().await();}. Loop-confined: call it on the loop
 * thread, from a task or a callback.
 *
 * <h2>Results</h2>
 * {@link #read}, {@link #readExactly} and {@link #readUntil} return {@code ByteBuf}s that the caller owns and must
 * release (or hand to {@code StreamWriter.write}, which takes ownership): they are the bytes the transport read,
 * without a copy (the whole received buffer, or a retained slice of it). {@link #readLine()} is the text
 * convenience: a {@code String} decoded as UTF-8.
 *
 * <h2>One reader at a time</h2>
 * A future completes as soon as the read can be satisfied, in the protocol callback that brings the bytes; the
 * bytes are taken from the buffer then. Only one read may be pending: starting another while one waits throws
 * {@link InvalidStateException} (asyncio's {@code RuntimeError}). Cancelling a waiting read (cancelling its
 * future, or the task that awaits it) leaves every buffered byte in place for the next read. A read whose future
 * has already completed owns its result: if the awaiting task is cancelled between that completion and its
 * resumption, the result is dropped with the task, as any completed future's result is.
 *
 * <h2>Limit and flow control</h2>
 * The limit (64 KiB by default) bounds {@link #readUntil} and {@link #readLine()}. While no read is waiting for
 * more bytes, the transport's reading is paused when more than the limit is buffered, and resumed when reads bring
 * it to the limit or below; a read that needs more bytes (a large {@code readExactly}) resumes reading meanwhile.
 *
 * <h2>End and errors</h2>
 * After the peer's end of stream, reads return what is buffered, then the end-of-stream value of each method.
 * If the connection is lost with an error, every later read (and the waiting one) fails with that error.
 */
public interface StreamReader {
    /** The default limit: 64 KiB. */
    int DEFAULT_LIMIT = 64 * 1024;

    /**
     * Reads up to {@code n} bytes: completes with between 1 and {@code n} bytes as soon as any are buffered, or with
     * an empty buffer at the end of the stream. {@code n == -1} reads until the end of the stream and returns
     * everything (unbounded by the limit); {@code n == 0} returns an empty buffer at once.
     *
     * @throws IllegalArgumentException if {@code n < -1}
     * @throws InvalidStateException    if another read is waiting
     */
    Future<ByteBuf> read(int n);

    /**
     * Reads exactly {@code n} bytes. Fails with {@link IncompleteReadException} (carrying the bytes that came) if
     * the stream ends first.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws InvalidStateException    if another read is waiting
     */
    Future<ByteBuf> readExactly(int n);

    /**
     * Reads up to and including the first occurrence of {@code separator}. Fails with
     * {@link LimitOverrunException} when more than the limit is buffered before the separator (the bytes stay
     * buffered: read them with {@link #read}), and with {@link IncompleteReadException} (carrying, and consuming,
     * what is buffered) if the stream ends first.
     *
     * @throws IllegalArgumentException if {@code separator} is empty
     * @throws InvalidStateException    if another read is waiting
     */
    Future<ByteBuf> readUntil(byte[] separator);

    /**
     * Reads a line terminated by {@code "\n"} and returns it decoded as UTF-8 without its line ending ({@code "\n"}
     * or {@code "\r\n"}); at the end of the stream, returns the unterminated last line if there is one, then null.
     * A line longer than the limit fails with {@link LimitOverrunException} and is discarded (up to its newline if
     * buffered, else everything buffered), as asyncio's {@code readline} does.
     *
     * @throws InvalidStateException if another read is waiting
     */
    Future<String> readLine();

    /** True once the peer ended the stream (or the connection is gone) and every buffered byte has been read. */
    boolean atEof();

    /** Bytes received and not yet read. */
    int buffered();

    /** The limit in bytes (see the class comment). */
    int limit();
}
