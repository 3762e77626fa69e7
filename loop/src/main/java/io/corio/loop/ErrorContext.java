package io.corio.loop;

import java.util.List;

/**
 * What the loop knows about an error that no caller could receive: a callback that threw, a task exception
 * that nobody retrieved, a pending task at close. Passed to the loop's {@link ExceptionHandler}.
 *
 * @param message   what happened, for humans ("Exception in callback ...")
 * @param exception the error, or null when the report is not about an exception (a pending task at close)
 * @param source    the handle, future or task involved, or null
 * @param transport the transport involved, or null (set by the transports module)
 * @param protocol  the protocol involved, or null (set by the transports module)
 * @param createdAt where {@code source} was created, recorded in debug mode only; empty otherwise
 */
public record ErrorContext(String message, Throwable exception, Object source, Object transport, Object protocol,
                           List<StackTraceElement> createdAt) {
    public ErrorContext {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        createdAt = createdAt == null ? List.of() : List.copyOf(createdAt);
    }

    /** A report about {@code source} without transport details. */
    public static ErrorContext of(String message, Throwable exception, Object source) {
        return new ErrorContext(message, exception, source, null, null, io.corio.loop.internal.Traced.of(source));
    }

    /** A report from a transport: the transports module uses this form. */
    public static ErrorContext of(String message, Throwable exception, Object source, Object transport,
                                  Object protocol) {
        return new ErrorContext(message, exception, source, transport, protocol, io.corio.loop.internal.Traced.of(source));
    }

    /** The message followed by the non-null details, one per line, as the default handler logs it. */
    public String describe() {
        var sb = new StringBuilder(message);
        if (source != null) {
            sb.append("\n  source: ").append(source);
        }
        if (transport != null) {
            sb.append("\n  transport: ").append(transport);
        }
        if (protocol != null) {
            sb.append("\n  protocol: ").append(protocol);
        }
        if (!createdAt.isEmpty()) {
            sb.append("\n  created at:");
            for (StackTraceElement e : createdAt) {
                sb.append("\n    ").append(e);
            }
        }
        return sb.toString();
    }
}
