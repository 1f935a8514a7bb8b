package org.mailward.it;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;

/** Mail sent as a user's mail client sends it: Jakarta Mail over submission with TLS and AUTH. */
final class Submissions {

    private Submissions() {
    }

    /** A client session as Thunderbird would configure it: STARTTLS required on 2587, or TLS on 2465. */
    static Session client(boolean implicitTls, String user) {
        Properties properties = new Properties();
        String protocol = implicitTls ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", ItEnvironment.HOST);
        properties.put("mail." + protocol + ".port", implicitTls ? "2465" : "2587");
        properties.put("mail." + protocol + ".auth", "true");
        properties.put("mail." + protocol + ".starttls.enable", "true");
        properties.put("mail." + protocol + ".starttls.required", Boolean.toString(!implicitTls));
        properties.put("mail." + protocol + ".ssl.socketFactory", ItEnvironment.trustServerCertificate().getSocketFactory());
        properties.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        properties.put("mail." + protocol + ".localhost", "laptop.example.net");
        properties.put("mail." + protocol + ".timeout", "15000");
        properties.put("mail." + protocol + ".user", user);
        return Session.getInstance(properties);
    }

    /** Sends a short text message, as {@code user} with {@code from} in the envelope and the From header. */
    static void send(Session session, String user, String from, String subject, String... to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        message.setText("Sent by " + user + "\r\n");
        try (Transport transport = session.getTransport()) {
            transport.connect(user, TestDomains.PASSWORD);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
