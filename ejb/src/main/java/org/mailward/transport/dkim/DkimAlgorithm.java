package org.mailward.transport.dkim;

import org.mailward.directory.DirectoryException;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/** The signing algorithms Mailward's DKIM keys use, named as in the signature's {@code a=} tag. */
public enum DkimAlgorithm {

    /** RFC 6376 section 3.3.1, with 2048-bit keys (RFC 8301 asks for at least 1024). */
    RSA_SHA256("rsa-sha256", "RSA", "rsa"),
    /** RFC 8463. */
    ED25519_SHA256("ed25519-sha256", "Ed25519", "ed25519");

    static final int RSA_BITS = 2048;
    /** An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the raw 32-byte key (RFC 8410). */
    private static final int ED25519_SPKI_LENGTH = 44;
    private static final int ED25519_KEY_LENGTH = 32;

    private final String tag;
    private final String jdkName;
    private final String keyType;

    DkimAlgorithm(String tag, String jdkName, String keyType) {
        this.tag = tag;
        this.jdkName = jdkName;
        this.keyType = keyType;
    }

    /** The {@code a=} value, such as {@code rsa-sha256}. */
    public String tag() {
        return tag;
    }

    /** The algorithm {@code tag} names, or a 400-kind error listing the ones there are. */
    public static DkimAlgorithm of(String tag) {
        String wanted = tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(algorithm -> algorithm.tag.equals(wanted)).findFirst()
                .orElseThrow(() -> DirectoryException.invalid("The algorithm must be rsa-sha256 or ed25519-sha256"
                        + (tag == null ? "" : ", not '" + tag + "'")));
    }

    KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jdkName);
            if (this == RSA_SHA256) {
                generator.initialize(RSA_BITS);
            }
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + jdkName, e);
        }
    }

    PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance(jdkName).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /**
     * The TXT record that publishes the public key (RFC 6376 section 3.6.1): for RSA the
     * SubjectPublicKeyInfo, for Ed25519 the raw key (RFC 8463 section 4).
     */
    String dnsRecord(byte[] subjectPublicKeyInfo) {
        byte[] published = subjectPublicKeyInfo;
        if (this == ED25519_SHA256) {
            if (subjectPublicKeyInfo.length != ED25519_SPKI_LENGTH) {
                throw new IllegalStateException("Not an Ed25519 public key: " + subjectPublicKeyInfo.length + " bytes");
            }
            published = Arrays.copyOfRange(subjectPublicKeyInfo, ED25519_SPKI_LENGTH - ED25519_KEY_LENGTH, ED25519_SPKI_LENGTH);
        }
        return "v=DKIM1; k=" + keyType + "; p=" + Base64.getEncoder().encodeToString(published);
    }

    /** A signature ready to take the canonical header data and give the {@code b=} value. */
    Signature signer(PrivateKey key) throws GeneralSecurityException {
        Signature signature = this == RSA_SHA256 ? Signature.getInstance("SHA256withRSA") : new Ed25519Sha256();
        signature.initSign(key);
        return signature;
    }
}
