package io.corio.transports;

import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.security.cert.Certificate;
import java.util.List;
import jdk.net.UnixDomainPrincipal;
import javax.net.ssl.SSLSession;

/**
 * A typed key for {@link BaseTransport#extra}: optional information about a transport. A transport returns null
 * for a key it does not know or a value it does not have (peer certificates of a plaintext connection).
 *
 * @param name shown in {@code toString()}
 * @param type the value's type
 */
public record Extra<T>(String name, Class<T> type) {
    /** The remote address ({@code InetSocketAddress} or {@code UnixDomainSocketAddress}). */
    public static final Extra<SocketAddress> PEER_ADDRESS = new Extra<>("peerAddress", SocketAddress.class);
    /** The local address the socket is bound to. */
    public static final Extra<SocketAddress> LOCAL_ADDRESS = new Extra<>("localAddress", SocketAddress.class);
    /** The underlying NIO channel (a {@code SocketChannel} or {@code DatagramChannel}). Do not read or write it. */
    public static final Extra<Channel> CHANNEL = new Extra<>("channel", Channel.class);
    /** The TLS session, once the handshake completed. */
    public static final Extra<SSLSession> SSL_SESSION = new Extra<>("sslSession", SSLSession.class);
    /** The peer's certificate chain, leaf first, when the peer presented one over TLS. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Extra<List<Certificate>> PEER_CERTIFICATES =
            new Extra<>("peerCertificates", (Class<List<Certificate>>) (Class) List.class);
    /** The application protocol agreed by ALPN, or null when none was. */
    public static final Extra<String> ALPN_PROTOCOL = new Extra<>("alpnProtocol", String.class);
    /** The peer process's user and group on a Unix socket (Linux {@code SO_PEERCRED}, as the JDK reports it). */
    public static final Extra<UnixDomainPrincipal> PEER_CREDENTIALS =
            new Extra<>("peerCredentials", UnixDomainPrincipal.class);

    public Extra {
        if (name == null || type == null) {
            throw new IllegalArgumentException("name and type must not be null");
        }
    }

    /** The value cast to this key's type, for implementations. */
    public T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return "Extra[" + name + "]";
    }
}
