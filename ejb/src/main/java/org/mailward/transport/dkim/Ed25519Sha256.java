package org.mailward.transport.dkim;

import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * RFC 8463's ed25519-sha256 as a {@link Signature} the DKIM library can feed with canonical header
 * data: PureEdDSA (the JDK's Ed25519) over the SHA-256 digest of that data, not over the data
 * itself. jDKIM signs RSA only (ADR 0037). This one signs; receivers verify.
 */
final class Ed25519Sha256 extends Signature {

    private final MessageDigest sha256;
    private final Signature ed25519;

    Ed25519Sha256() throws NoSuchAlgorithmException {
        super(DkimAlgorithm.ED25519_SHA256.tag());
        sha256 = MessageDigest.getInstance("SHA-256");
        ed25519 = Signature.getInstance("Ed25519");
    }

    @Override
    protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
        sha256.reset();
        ed25519.initSign(key);
    }

    @Override
    protected void engineUpdate(byte b) {
        sha256.update(b);
    }

    @Override
    protected void engineUpdate(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        ed25519.update(sha256.digest());
        return ed25519.sign();
    }

    @Override
    protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
        throw new InvalidKeyException("Mailward signs with ed25519-sha256; it does not verify with it");
    }

    @Override
    protected boolean engineVerify(byte[] signature) throws SignatureException {
        throw new SignatureException("Mailward signs with ed25519-sha256; it does not verify with it");
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String name, Object value) {
        throw new InvalidParameterException("ed25519-sha256 has no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String name) {
        throw new InvalidParameterException("ed25519-sha256 has no parameters");
    }
}
