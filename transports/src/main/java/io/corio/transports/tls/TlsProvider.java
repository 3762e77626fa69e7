package io.corio.transports.tls;

/** Which JSSE implementation runs the TLS engines of a {@link TlsContext}. */
public enum TlsProvider {
    /**
     * BouncyCastle JSSE ({@code bctls}) on the JDK's JCA crypto: the default. The provider is created privately
     * for Corio and is not registered with {@link java.security.Security}.
     */
    BCJSSE,
    /** The JDK's own {@code SunJSSE}. */
    SUNJSSE
}
