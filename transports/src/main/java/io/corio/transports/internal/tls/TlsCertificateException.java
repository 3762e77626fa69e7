package io.corio.transports.internal.tls;

import java.security.cert.CertificateException;

/**
 * A certificate refused by Corio's own checks, with a message meant for people ("certificate expired: ...").
 * The TLS layer finds it in the cause chain of the engine's exception and surfaces its message.
 */
final class TlsCertificateException extends CertificateException {
    TlsCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
