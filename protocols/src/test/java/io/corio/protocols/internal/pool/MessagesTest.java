package io.corio.protocols.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.protocols.RemoteTaskException;
import io.corio.transports.Buffers;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The pool's wire messages and the rebuilding of remote failures, without processes or sockets. */
class MessagesTest {

    @Test
    void aTaskMessageCarriesItsTypeIdAndSerialisedBody() throws Exception {
        var message = Messages.encode(Buffers.allocator(), Messages.TASK, 42, "payload");
        try {
            assertThat(Messages.type(message)).isEqualTo(Messages.TASK);
            assertThat(Messages.id(message)).isEqualTo(42);
            assertThat(Messages.body(message)).isEqualTo("payload");
        } finally {
            message.release();
        }
    }

    @Test
    void aHelloCarriesThePidAndToken() {
        var message = Messages.hello(Buffers.allocator(), 4242, "c0ffee");
        try {
            assertThat(Messages.id(message)).isEqualTo(4242);
            assertThat(Messages.helloToken(message)).isEqualTo("c0ffee");
        } finally {
            message.release();
        }
    }

    @Test
    void aBodyThatCannotBeSerialisedReleasesTheBufferAndThrows() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Messages.encode(Buffers.allocator(), Messages.RESULT, 1, new Object()))
                .isInstanceOf(IOException.class);   // the leak check at the end of the class sees no buffer left
    }

    @Test
    void aFailureIsRebuiltAsTheOriginalExceptionWithAMarkerNamingTheWorker() throws Exception {
        var original = new IllegalArgumentException("bad");
        var failure = (Messages.Failure) Messages.fromBytes(Messages.toBytes(Messages.Failure.of(original)));
        Throwable rebuilt = RemoteFailures.rebuild(failure, new WorkerSlot(3));
        assertThat(rebuilt).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
        assertThat(rebuilt.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(rebuilt.getSuppressed()[0]).hasMessage("raised in pool worker 3 (pid -1)");
    }

    @Test
    void aFailureWhoseExceptionDidNotSerialiseKeepsItsClassNameMessageAndStack() {
        var stack = new StackTraceElement[] {new StackTraceElement("com.example.Job", "compute", "Job.java", 7)};
        var failure = new Messages.Failure("com.example.JobFailed", "no", stack, null);
        Throwable rebuilt = RemoteFailures.rebuild(failure, new WorkerSlot(0));
        assertThat(rebuilt).isInstanceOf(RemoteTaskException.class)
                .hasMessageStartingWith("com.example.JobFailed: no (raised in pool worker 0");
        assertThat(((RemoteTaskException) rebuilt).remoteClassName()).isEqualTo("com.example.JobFailed");
        assertThat(rebuilt.getStackTrace()).isEqualTo(stack);
    }
}
