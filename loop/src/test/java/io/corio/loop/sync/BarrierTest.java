package io.corio.loop.sync;

import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarrierTest {
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
    void tasksWaitUntilAllPartiesArriveAndGetTheirArrivalIndex() {
        Task<Integer> a = party();
        Task<Integer> b = party();
        loop.runReady();
        assertThat(a.isDone()).isFalse();
        assertThat(barrier.waiting()).isEqualTo(2);
        assertThat(barrier).hasToString("Barrier[filling, waiting=2/3]");
        Task<Integer> c = party();
        loop.runReady();
        assertThat(List.of(a.result(), b.result(), c.result())).containsExactly(0, 1, 2);
        assertThat(barrier).hasToString("Barrier[filling, waiting=0/3]");
    }

    @Test
    void theBarrierCanBeUsedAgainAfterItTrips() {
        for (int round = 0; round < 3; round++) {
            var parties = List.of(party(), party(), party());
            loop.runReady();
            assertThat(parties).extracting(Task::result).containsExactly(0, 1, 2);
        }
    }

    @Test
    void aBarrierOfOnePartyNeverWaits() {
        var single = new Barrier(1);
        Task<Integer> t = loop.createTask(() -> single.await() + single.await());
        loop.runReady();
        assertThat(t.result()).isZero();
        assertThat(single.parties()).isEqualTo(1);
    }

    @Test
    void tasksArrivingWhileTheBarrierDrainsWaitForTheNextRound() {
        var pair = new Barrier(2);
        Task<Integer> a = loop.createTask(pair::await);
        Task<Integer> b = loop.createTask(pair::await);  // trips the barrier; "a" has not resumed yet
        Task<Integer> late = loop.createTask(pair::await);
        loop.runReady();
        assertThat(a.result()).isZero();
        assertThat(b.result()).isOne();
        assertThat(late.isDone()).isFalse();
        assertThat(pair.waiting()).isOne();
        Task<Integer> partner = loop.createTask(pair::await);
        loop.runReady();
        assertThat(late.result()).isZero();
        assertThat(partner.result()).isOne();
    }

    @Test
    void fewerThanOnePartyIsRejected() {
        assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
