package io.corio.loop.internal;

import io.corio.loop.CancelledException;
import io.corio.loop.InvalidStateException;
import io.corio.loop.Task;
import io.corio.loop.TaskGroup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** The {@link TaskGroup} implementation. Loop-confined; see the interface for the rules. */
public final class TaskScope implements TaskGroup, LoopFuture.Waiter {
    private final CoroutineTask<?> parent;
    private final int parentCancellingAtOpen;
    private final Set<CoroutineTask<?>> children = new LinkedHashSet<>();
    private Throwable firstFailure;
    private final List<Throwable> laterFailures = new ArrayList<>(0);
    private boolean failureSentToBody;
    private boolean aborting;
    private boolean closing;
    private boolean closed;
    private LoopFuture<Void> allDone;

    private TaskScope(CoroutineTask<?> parent) {
        this.parent = parent;
        this.parentCancellingAtOpen = parent.cancelling();
    }

    public static TaskGroup open() {
        return new TaskScope(Combinators.requireTask("TaskGroup.open"));
    }

    public static <T> T run(Body<T> body) {
        var scope = new TaskScope(Combinators.requireTask("TaskGroup.run"));
        T result;
        try {
            result = body.run(scope);
        } catch (Throwable bodyError) {
            if (bodyError != scope.firstFailure) {
                scope.cancelAll();
            }
            try {
                scope.close();
            } catch (Throwable childFailure) {
                if (childFailure != bodyError) {
                    childFailure.addSuppressed(bodyError);
                }
                throw Sneaky.propagate(childFailure);
            }
            throw Sneaky.propagate(bodyError);
        }
        scope.close();
        return result;
    }

    @Override
    public <T> Task<T> spawn(Callable<T> body) {
        return spawn(body, null);
    }

    @Override
    public <T> Task<T> spawn(Callable<T> body, String name) {
        if (closed) {
            throw new InvalidStateException("the task group is closed");
        }
        if (aborting) {
            throw new InvalidStateException("the task group is shutting down after a failure: " + firstFailure);
        }
        var task = (CoroutineTask<T>) parent.loop.createTask(body, name);
        children.add(task);
        task.addWaiter(this);
        return task;
    }

    @Override
    public void cancelAll() {
        aborting = true;
        for (CoroutineTask<?> child : List.copyOf(children)) {
            child.cancel("task group cancelled");
        }
    }

    /** A child finished. */
    @Override
    public void futureDone(LoopFuture<?> future) {
        children.remove((CoroutineTask<?>) future);
        if (!future.isCancelled()) {
            Throwable error = future.exception();
            if (error != null) {
                childFailed(error);
            }
        }
        if (children.isEmpty() && allDone != null) {
            allDone.complete(LoopFuture.RESULT, null);
        }
    }

    private void childFailed(Throwable error) {
        if (firstFailure != null) {
            laterFailures.add(error);
            return;
        }
        firstFailure = error;
        cancelAll();
        if (!closing) {
            failureSentToBody = true;
            parent.interruptWith(error);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (CoroutineTask.current() != parent) {
            throw new InvalidStateException("a task group must be closed by the task that opened it, " + parent);
        }
        closing = true;
        if (failureSentToBody && parent.withdrawInjected(firstFailure)) {
            failureSentToBody = false;  // the body never reached a suspension point to receive it
        }
        if (parent.cancelling() > parentCancellingAtOpen) {
            cancelAll();  // the body is being cancelled: so are the children
        }
        CancelledException cancelled = null;
        while (!children.isEmpty()) {
            allDone = new LoopFuture<>(parent.loop);
            try {
                allDone.await();
            } catch (CancelledException e) {
                cancelled = e;
                cancelAll();
            }
        }
        closed = true;
        if (firstFailure != null) {
            for (Throwable later : laterFailures) {
                firstFailure.addSuppressed(later);
            }
            if (!failureSentToBody) {
                throw Sneaky.propagate(firstFailure);
            }
        }
        if (cancelled != null) {
            throw cancelled;
        }
    }

    @Override
    public String toString() {
        return "TaskGroup[parent=" + parent.name() + ", children=" + children.size()
                + (firstFailure != null ? ", failed: " + firstFailure : "") + (closed ? ", closed" : "") + "]";
    }
}
