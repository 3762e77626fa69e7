/**
 * TLS configuration: {@link io.corio.transports.tls.TlsContext} (keys, trust, ALPN, SNI, client authentication,
 * timeouts, provider, reload) and {@link io.corio.transports.tls.Certificates} for development certificates. The
 * TLS layer itself is internal; connections get TLS through {@code ServerOptions.withTls},
 * {@code ConnectOptions.withTls} and {@code Network.startTls}.
 */
package io.corio.transports.tls;
