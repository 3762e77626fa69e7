package io.corio.servers.echo.internal;

/** One open echo connection as its service sees it. Loop thread only. */
public interface EchoConnection {
    /** Stops reading, lets the bytes already read be answered and flushed, then closes. Called at most once. */
    void drain();

    /** Closes at once, dropping unsent bytes. */
    void abort();
}
