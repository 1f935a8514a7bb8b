package org.mailward.connector.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Builds the server-side TLS context of the implicit-TLS listeners from a keystore file. */
public final class TlsContextFactory {

    private TlsContextFactory() {
    }

    /** Loads the keystore (the key password equals the store password) and makes a TLS context serving its key. */
    public static SSLContext fromKeystore(Path path, char[] password, String type)
            throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            keyStore.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
