package io.corio.loop.sync;

import io.corio.loop.BrokenResourceException;
import io.corio.loop.CancelledException;
import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarrierBreakingTest {
    private final TestLoop loop = TestLoop.create();
    private final Barrier barrier = new Barrier(3);

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    private Task<Integer> party() {
        return loop.createTask(barrier::await);
    }

    @Test
    void abortBreaksTheWaitingTasksAndLaterArrivalsUntilReset() {
        var waiting = List.of(party(), party());
        loop.runReady();
        barrier.abort();
        Task<Integer> late = party();
        loop.runReady();
        for (Task<Integer> t : List.of(waiting.get(0), waiting.get(1), late)) {
            assertThatThrownBy(t::result).isInstanceOf(BrokenResourceException.class);
        }
        assertThat(barrier.isBroken()).isTrue();
        assertThat(barrier).hasToString("Barrier[broken]");
        barrier.reset();
        var parties = List.of(party(), party(), party());
        loop.runReady();
        assertThat(parties).extracting(Task::result).containsExactly(0, 1, 2);
    }

    @Test
    void resetBreaksTheWaitingTasksAndLeavesTheBarrierUsable() {
        var waiting = List.of(party(), party());
        loop.runReady();
        barrier.reset();
        assertThat(barrier).hasToString("Barrier[resetting, waiting=0/3]");
        Task<Integer> arrivedDuringReset = party();
        loop.runReady();
        assertThat(waiting).allSatisfy(t -> assertThatThrownBy(t::result)
                .isInstanceOf(BrokenResourceException.class).hasMessageContaining("reset"));
        assertThat(barrier.isBroken()).isFalse();
        assertThat(barrier.waiting()).isOne();  // the late task waits in the new round
        var rest = List.of(party(), party());
        loop.runReady();
        assertThat(arrivedDuringReset.result()).isZero();
        assertThat(rest).extracting(Task::result).containsExactly(1, 2);
    }

    @Test
    void aTaskCancelledWhileWaitingLeavesTheBarrierWithoutBreakingIt() {
        Task<Integer> a = party();
        Task<Integer> cancelled = party();
        loop.runReady();
        cancelled.cancel();
        loop.runReady();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(barrier.isBroken()).isFalse();
        assertThat(barrier.waiting()).isOne();
        var rest = List.of(party(), party());
        loop.runReady();
        assertThat(a.result()).isZero();
        assertThat(rest).extracting(Task::result).containsExactly(1, 2);
    }

    @Test
    void aTaskCancelledAfterTheBarrierTrippedGetsTheCancellationAndTheOthersTheirIndex() {
        Task<Integer> a = party();
        Task<Integer> b = party();
        loop.runReady();
        Task<Integer> last = loop.createTask(() -> {
            int index = barrier.await();  // trips the barrier without waiting
            a.cancel();                   // "a" was released but has not resumed yet
            return index;
        });
        loop.runReady();
        assertThatThrownBy(a::result).isInstanceOf(CancelledException.class);
        assertThat(b.result()).isOne();
        assertThat(last.result()).isEqualTo(2);
        assertThat(barrier).hasToString("Barrier[filling, waiting=0/3]");
    }

    @Test
    void aTaskCancelledWhileWaitingForTheBarrierToDrainLeavesNoTrace() {
        var pair = new Barrier(2);
        Task<Integer> a = loop.createTask(pair::await);
        Task<Integer> b = loop.createTask(pair::await);  // trips the barrier: it drains until "a" resumes
        Task<Integer> late = loop.createTask(pair::await);
        loop.createTask(() -> late.cancel());              // runs while "late" waits for the drain
        loop.runReady();
        assertThat(late.isCancelled()).isTrue();
        assertThat(List.of(a.result(), b.result())).containsExactly(0, 1);
        assertThat(pair).hasToString("Barrier[filling, waiting=0/2]");
    }
}
