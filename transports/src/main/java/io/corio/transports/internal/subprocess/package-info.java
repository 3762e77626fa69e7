/**
 * Child processes: {@code Spawner} (one thread that starts children, the parent-death helper, the registry of live
 * children and signals), {@code ChildTransport} (the {@code SubprocessTransport} and the order of callbacks),
 * {@code ReadPipe} (a thread per output pipe, with backpressure) and {@code WritePipe} (a thread per stdin).
 */
package io.corio.transports.internal.subprocess;
