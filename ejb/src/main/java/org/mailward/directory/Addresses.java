package org.mailward.directory;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises and validates the names the directory stores: domain names (lower case, IDN in
 * A-labels) and local parts (RFC 5322 dot-atoms, lower case). Mailward treats local parts as
 * case-insensitive, as every mainstream server does.
 */
public final class Addresses {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOT_ATOM = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final int MAX_LOCAL_PART = 64;
    /** The local part that names a domain's catch-all alias; no account or ordinary alias may take it. */
    public static final String CATCH_ALL = "*";
    private static final int MAX_DOMAIN = 253;

    private Addresses() {
    }

    /** A domain name in its stored form, or a 400-kind error saying what is wrong with it. */
    public static String domain(String name) {
        if (name == null || name.isBlank()) {
            throw DirectoryException.invalid("A domain name is required");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name.trim(), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw DirectoryException.invalid("'" + name + "' is not a valid domain name");
        }
        if (ascii.length() > MAX_DOMAIN) {
            throw DirectoryException.invalid("'" + name + "' is longer than " + MAX_DOMAIN + " characters");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw DirectoryException.invalid("'" + name + "' is not a valid domain name (it needs at least two labels)");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw DirectoryException.invalid("'" + name + "' is not a valid domain name");
            }
        }
        return ascii;
    }

    /** A local part in its stored form, or a 400-kind error. */
    public static String localPart(String localPart) {
        if (localPart == null || localPart.isBlank()) {
            throw DirectoryException.invalid("A local part (the name before @) is required");
        }
        String normalised = localPart.trim().toLowerCase(Locale.ROOT);
        if (normalised.equals(CATCH_ALL)) {
            throw DirectoryException.invalid("'*' is reserved for the catch-all alias");
        }
        if (normalised.length() > MAX_LOCAL_PART || !DOT_ATOM.matcher(normalised).matches()) {
            throw DirectoryException.invalid("'" + localPart + "' is not a valid local part");
        }
        return normalised;
    }

    /** {@code local@domain} with both halves normalised, or a 400-kind error. */
    public static String address(String address) {
        if (address == null) {
            throw DirectoryException.invalid("An address is required");
        }
        if (address.strip().chars().anyMatch(Character::isWhitespace)) {
            throw DirectoryException.invalid("'" + address + "' is not an address: it contains spaces");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw DirectoryException.invalid("'" + address + "' is not an address of the form user@domain");
        }
        return localPart(address.substring(0, at)) + "@" + domain(address.substring(at + 1));
    }

    public static String localPartOf(String address) {
        return address.substring(0, address.lastIndexOf('@'));
    }

    public static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
