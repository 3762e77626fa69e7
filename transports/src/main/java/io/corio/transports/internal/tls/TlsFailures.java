package io.corio.transports.internal.tls;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what SunJSSE and BCJSSE throw into one wording that says what went wrong, keeping the original as the
 * cause: Corio's own certificate messages win, then received alerts are named ("the server requires a client
 * certificate"), then the engine's message is kept.
 */
final class TlsFailures {
    /** SunJSSE: "Received fatal alert: bad_certificate"; BC: "...TlsFatalAlertReceived: bad_certificate(42)". */
    private static final Pattern RECEIVED_ALERT =
            Pattern.compile("(?:Received fatal alert: |TlsFatalAlertReceived: )([a-z_]+)");
    private static final Pattern ALERT_NAME = Pattern.compile("\\b([a-z]+(?:_[a-z]+)+)(?:\\(\\d+\\))?");

    private TlsFailures() {
    }

    /**
     * A handshake failure.
     *
     * @param peer        the peer address, for the message
     * @param client      whether this side is the client
     * @param ourAlpn     this side's ALPN protocols
     * @param offeredAlpn what the client offered (servers; null when unknown)
     */
    static SSLException handshake(Throwable e, String peer, boolean client, List<String> ourAlpn,
                                  List<String> offeredAlpn) {
        String what = describe(e, client, ourAlpn, offeredAlpn);
        var failure = new SSLHandshakeException("TLS handshake with " + peer + " failed: " + what);
        failure.initCause(e);
        return failure;
    }

    /** A failure after the handshake: the same wording, prefixed with the connection. */
    static SSLException connection(Throwable e, String peer, boolean client, List<String> ourAlpn) {
        var failure = new SSLException("TLS connection with " + peer + " failed: "
                + describe(e, client, ourAlpn, null), e);
        return failure;
    }

    /**
     * The first line of {@code first} (what a client sent first) when it reads like a plaintext request, such as
     * {@code GET / HTTP/1.1}: a method of 3 to 10 capital letters and a space. No TLS record starts with a
     * letter. Null otherwise. Does not move the reader index.
     */
    static String plaintextRequest(ByteBuf first) {
        int start = first.readerIndex();
        int n = Math.min(first.readableBytes(), 80);
        int method = 0;
        while (method < n && first.getByte(start + method) >= 'A' && first.getByte(start + method) <= 'Z') {
            method++;
        }
        if (method < 3 || method > 10 || method >= n || first.getByte(start + method) != ' ') {
            return null;
        }
        int end = method;
        while (end < n && first.getByte(start + end) >= 0x20 && first.getByte(start + end) < 0x7f) {
            end++;
        }
        return first.toString(start, end, StandardCharsets.US_ASCII);
    }

    /** True when the peer ended the connection with a fatal alert (its decision, like a reset). */
    static boolean receivedAlert(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (RECEIVED_ALERT.matcher(String.valueOf(t.getMessage()) + " " + t.getClass().getSimpleName()).find()) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e, boolean client, List<String> ourAlpn, List<String> offeredAlpn) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TlsCertificateException certificate) {
                return certificate.getMessage();
            }
        }
        String received = null;
        String any = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()) + " " + t.getClass().getSimpleName();
            Matcher m = RECEIVED_ALERT.matcher(message);
            if (received == null && m.find()) {
                received = m.group(1);
            }
            if (message.contains("No matching application layer protocol") && any == null) {
                any = "no_application_protocol";
            }
        }
        if (received != null) {
            return receivedAlert(received, client, ourAlpn);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher m = ALERT_NAME.matcher(message);
        if ("no_application_protocol".equals(any) || (m.find() && m.group(1).equals("no_application_protocol"))) {
            return offeredAlpn == null ? "ALPN mismatch: no protocol in common (alert no_application_protocol)"
                    : "ALPN mismatch: the client offered " + offeredAlpn + ", this server accepts " + ourAlpn
                    + " (alert no_application_protocol)";
        }
        return message;
    }

    private static String receivedAlert(String alert, boolean client, List<String> ourAlpn) {
        String peer = client ? "server" : "client";
        return switch (alert) {
            case "no_application_protocol" -> "ALPN mismatch: the server accepts none of " + ourAlpn
                    + " (alert no_application_protocol)";
            case "certificate_required" -> "the server requires a client certificate (alert certificate_required)";
            case "bad_certificate", "certificate_unknown", "unknown_ca", "certificate_expired",
                 "unsupported_certificate", "certificate_revoked" ->
                    "the " + peer + " refused our certificate (alert " + alert + ")";
            default -> "the " + peer + " aborted the handshake (alert " + alert + ")";
        };
    }
}
