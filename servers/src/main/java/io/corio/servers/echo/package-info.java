/**
 * Echo servers: every byte (or datagram) a client sends comes back. {@link io.corio.servers.echo.EchoService}
 * serves stream connections (TCP, Unix, TLS) as a callback protocol or, with {@code streams: true}, as a coroutine
 * per connection; {@link io.corio.servers.echo.EchoDatagram} serves UDP. docs/echo.md is the guide.
 */
package io.corio.servers.echo;
