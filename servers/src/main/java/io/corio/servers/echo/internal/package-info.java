/** The per-connection protocols of the echo servers; not public API. */
package io.corio.servers.echo.internal;
