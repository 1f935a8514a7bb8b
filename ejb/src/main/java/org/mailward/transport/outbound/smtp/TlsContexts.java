package org.mailward.transport.outbound.smtp;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** The client TLS contexts: one that checks against the JDK's default trust store, one that trusts any certificate. */
final class TlsContexts {

    private TlsContexts() {
    }

    /** The JDK's default trust store (cacerts, or {@code javax.net.ssl.trustStore} when set). */
    static SSLContext verifying() {
        return Verifying.CONTEXT;
    }

    /** For opportunistic TLS, where any encryption beats none, as MTAs do for MX hosts (RFC 7435). */
    static SSLContext trustingAll() {
        return TrustingAll.CONTEXT;
    }

    private static SSLContext context(TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
    }

    private static final class Verifying {
        static final SSLContext CONTEXT = context(null);
    }

    private static final class TrustingAll {
        static final SSLContext CONTEXT = context(new TrustManager[] {new AnyCertificate()});
    }

    /** Extended, so that the JDK does not wrap it with checks of its own. */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client context checks no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
