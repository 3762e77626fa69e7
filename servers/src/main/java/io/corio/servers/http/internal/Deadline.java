package io.corio.servers.http.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.TimerHandle;
import java.util.function.IntConsumer;

/**
 * One connection's timeout: a kind (which timeout runs) and a deadline, served by a single loop timer that is
 * moved rather than rescheduled. Setting a later deadline leaves the timer where it is; when it fires early it
 * re-arms itself at the deadline. So a keep-alive connection that renews its idle deadline on every request costs
 * one field write per request, and one timer callback per timeout period. Loop thread only.
 */
final class Deadline {
    static final int NONE = 0;

    private final EventLoop loop;
    private final IntConsumer expired;
    private final Runnable fire = this::fire;
    private int kind = NONE;
    private long when;
    private TimerHandle timer;

    /** {@code expired} is called with the kind when a deadline passes. */
    Deadline(EventLoop loop, IntConsumer expired) {
        this.loop = loop;
        this.expired = expired;
    }

    int kind() {
        return kind;
    }

    /** Runs timeout {@code kind} for {@code spanNanos} from now; a span of 0 (the timeout is off) means none. */
    void set(int kind, long spanNanos) {
        if (kind == NONE || spanNanos == 0) {
            this.kind = NONE;
            return;
        }
        this.kind = kind;
        when = loop.time() + spanNanos;
        if (timer == null || timer.when() > when) {
            if (timer != null) {
                timer.cancel();
            }
            timer = loop.callAt(when, fire);
        }
    }

    /** Stops the timer for good (the connection is gone). */
    void cancel() {
        kind = NONE;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        if (kind == NONE) {
            return;
        }
        if (loop.time() < when) {
            timer = loop.callAt(when, fire);
            return;
        }
        int k = kind;
        kind = NONE;
        expired.accept(k);
    }
}
