/**
 * Test support that ships in the main jar so users test their protocols the way Corio does:
 * {@link io.corio.transports.testing.MemoryTransport} (an in-memory connection on a {@code TestLoop}),
 * {@link io.corio.transports.testing.RecordingProtocol}, and {@link io.corio.transports.testing.LeakRecorder},
 * which turns Netty's leak reports into test failures.
 */
package io.corio.transports.testing;
