package io.corio.protocols.internal;

import io.corio.loop.Async;
import io.corio.loop.CancelledException;
import io.corio.loop.ErrorContext;
import io.corio.protocols.StreamHandler;

/** Starts a server's {@link StreamHandler} as one task per connection; one instance per server. */
public final class StreamHandlerRunner {
    private final StreamHandler handler;

    public StreamHandlerRunner(StreamHandler handler) {
        if (handler == null) {
            throw new NullPointerException("handler");
        }
        this.handler = handler;
    }

    void start(StreamProtocol protocol, StreamWriterImpl writer) {
        protocol.loop().createTask(() -> {
            try {
                handler.handle(protocol, writer);
            } catch (CancelledException e) {
                throw e;
            } catch (Throwable e) {
                protocol.loop().callExceptionHandler(ErrorContext.of("Exception in stream handler " + handler, e,
                        Async.currentTask(), protocol.transport(), protocol));
            } finally {
                writer.close();
                protocol.discard();
            }
            return null;
        }, "stream-handler");
    }

    @Override
    public String toString() {
        return "StreamHandlerRunner[" + handler + "]";
    }
}
