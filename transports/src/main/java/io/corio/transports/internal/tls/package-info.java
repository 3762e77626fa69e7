/**
 * The TLS layer: {@code TlsLayer} (the raw transport's protocol, driving an {@code SSLEngine} through the
 * {@code TlsState} machine, with {@code TlsReader} for records in and {@code TlsWriter} for records out) and
 * {@code TlsTransport} (what the application protocol sees); key, trust and provider plumbing for
 * {@code TlsContext}.
 */
package io.corio.transports.internal.tls;
