package io.corio.bench;

import io.corio.loop.EventLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;

/**
 * A pipe whose read end is registered with a loop and never becomes readable: the loop then has a channel to poll,
 * as every server loop does (asyncio's loops always have their self-pipe registered). Benchmarks take a
 * {@code channel} parameter, {@code none} or {@code idle-pipe}, so both figures are reported: Corio skips the
 * non-blocking poll when no channel is registered, and rate-limits it while callbacks keep the loop busy.
 */
final class IdleChannel implements AutoCloseable {
    private final Pipe pipe;

    private IdleChannel(EventLoop loop) {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loop.addReader(pipe.source(), () -> {
            throw new IllegalStateException("the idle pipe became readable");
        });
    }

    /** Registers an idle pipe on {@code loop} if {@code channel} is {@code idle-pipe}; null for {@code none}. */
    static IdleChannel register(EventLoop loop, String channel) {
        return switch (channel) {
            case "none" -> null;
            case "idle-pipe" -> new IdleChannel(loop);
            default -> throw new IllegalArgumentException("channel must be none or idle-pipe, got " + channel);
        };
    }

    java.nio.channels.SelectableChannel pipeSource() {
        return pipe.source();
    }

    @Override
    public void close() {
        try {
            pipe.source().close();
            pipe.sink().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
