package io.corio.transports.internal.tls;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * BCJSSE's crypto on the JDK's JCA providers (AES-GCM, ECDHE, ECDSA with the JDK's intrinsics), except for the
 * signatures the JDK only knows under other names: BC asks for RSA-PSS as {@code SHA256WITHRSAANDMGF1}, which the
 * JDK calls {@code RSASSA-PSS}. Without those, BCJSSE drops every {@code rsa_pss_*} scheme and a TLS 1.3 server
 * with an RSA certificate finds "no selectable cipher suite". Such signatures come from a private BC provider
 * instance (never registered in {@code java.security.Security}); they run once per handshake, not per record.
 */
final class JdkFirstCrypto extends JcaTlsCryptoProvider {
    private static final Provider BC = new BouncyCastleProvider();

    private static final class Helper extends DefaultJcaJceHelper {
        @Override
        public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createSignature(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Signature.getInstance(algorithm, BC);
            }
        }
    }

    @Override
    public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
        return new JcaTlsCrypto(new Helper(), keyRandom, nonceRandom) {
        };
    }
}
