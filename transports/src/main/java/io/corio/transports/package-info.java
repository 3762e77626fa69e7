/**
 * Transport/Protocol pairs over the event loop: TCP, UDP, Unix sockets and TLS, with pooled netty-buffer
 * {@code ByteBuf}s. Arrives with the transports issue; the module exists now so that the build has its final shape.
 */
package io.corio.transports;
