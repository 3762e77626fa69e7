package io.corio.transports.tls;

/** Whether a TLS server asks its clients for a certificate. */
public enum ClientAuth {
    /** No client certificate is requested. */
    NONE,
    /** A certificate is requested; a client without one is accepted, a client with an untrusted one is refused. */
    OPTIONAL,
    /** A client without a certificate trusted by the server's CAs is refused (mutual TLS). */
    REQUIRED
}
