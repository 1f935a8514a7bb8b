package org.mailward.transport.dkim;

import java.security.PrivateKey;

/** A domain's active key, parsed, as the signer uses it. Its text form leaves the key out: it may end up in a log. */
record SigningKey(String selector, DkimAlgorithm algorithm, PrivateKey privateKey) {

    @Override
    public String toString() {
        return "SigningKey[" + selector + ", " + algorithm.tag() + "]";
    }
}
