package io.corio.loop.internal;

import java.util.Arrays;

/**
 * A binary min-heap of timers. Cancelled timers stay in the heap (cancel is O(1)) until they reach the top or
 * until they dominate it: more than {@value #MIN_PURGE} of them and more than half the heap, as asyncio does;
 * then the heap is rebuilt without them in O(n).
 */
final class TimerHeap {
    static final int MIN_PURGE = 100;

    private Timer[] heap = new Timer[64];
    private int size;
    private int cancelled;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Timer peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Timer t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.scheduled = true;
        siftUp(size++, t);
    }

    Timer poll() {
        Timer top = heap[0];
        Timer last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
        top.scheduled = false;
        if (top.isCancelled()) {
            cancelled--;
        }
        return top;
    }

    /** Called when a timer in the heap is cancelled; purges when cancelled timers dominate. */
    void timerCancelled() {
        cancelled++;
        if (cancelled > MIN_PURGE && cancelled * 2 > size) {
            purge();
        }
    }

    int cancelledCount() {
        return cancelled;
    }

    /** Removes every cancelled timer and re-heapifies. */
    void purge() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            Timer t = heap[i];
            if (t.isCancelled()) {
                t.scheduled = false;
            } else {
                heap[n++] = t;
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        cancelled = 0;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, heap[i]);
        }
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].scheduled = false;
        }
        Arrays.fill(heap, 0, size, null);
        size = 0;
        cancelled = 0;
    }

    private void siftUp(int k, Timer t) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            Timer p = heap[parent];
            if (!t.isBefore(p)) {
                break;
            }
            heap[k] = p;
            k = parent;
        }
        heap[k] = t;
    }

    private void siftDown(int k, Timer t) {
        int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            Timer c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].isBefore(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.isBefore(t)) {
                break;
            }
            heap[k] = c;
            k = child;
        }
        heap[k] = t;
    }
}
