/**
 * The TLS layer: {@code TlsLayer} (the raw transport's protocol, driving an {@code SSLEngine} through the
 * {@code TlsState} machine) and {@code TlsTransport} (what the application protocol sees); key, trust and
 * provider plumbing for {@code TlsContext}.
 */
package io.corio.transports.internal.tls;
