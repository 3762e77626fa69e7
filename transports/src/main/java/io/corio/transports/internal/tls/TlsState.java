package io.corio.transports.internal.tls;

import io.corio.loop.InvalidStateException;

/**
 * The life of a TLS layer.
 *
 * <pre>
 *   UNWRAPPED ──► HANDSHAKING ──► WRAPPED ──► FLUSHING ──► SHUTDOWN
 *       │              │             │                        ▲
 *       └──────────────┴─────────────┴── failure, abort, lost ┘
 * </pre>
 *
 * UNWRAPPED: created, nothing sent. HANDSHAKING: the engine negotiates; the application is not connected yet
 * (except after {@code startTls}). WRAPPED: application data flows. FLUSHING: {@code close()} (or the peer's
 * close_notify) was seen; pending application writes are being wrapped. SHUTDOWN: close_notify sent or the
 * connection failed; nothing more is read or written, the raw transport is closing.
 */
enum TlsState {
    UNWRAPPED, HANDSHAKING, WRAPPED, FLUSHING, SHUTDOWN;

    /** Returns {@code next} if the move is legal, else throws naming both states. */
    TlsState transitionTo(TlsState next) {
        boolean legal = switch (this) {
            case UNWRAPPED -> next == HANDSHAKING || next == SHUTDOWN;
            case HANDSHAKING -> next == WRAPPED || next == SHUTDOWN;
            case WRAPPED -> next == FLUSHING || next == SHUTDOWN;
            case FLUSHING -> next == SHUTDOWN;
            case SHUTDOWN -> false;
        };
        if (!legal) {
            throw new InvalidStateException("illegal TLS state transition " + this + " -> " + next);
        }
        return next;
    }
}
