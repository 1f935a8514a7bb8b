package org.mailward.directory.domain;

import org.mailward.directory.DirectoryException;

/**
 * A domain's rules for its users' passwords, checked before a password is given to Keycloak,
 * whose realm policy applies on top (see docs/adr/0009). On input, null leaves a rule as it is.
 *
 * @param minLength  the fewest characters
 * @param minClasses how many of lower case, upper case, digits and other characters must appear (0 to 4)
 */
public record PasswordPolicy(Integer minLength, Integer minClasses) {

    static final PasswordPolicy DEFAULT = new PasswordPolicy(12, 1);

    /** Throws a 400-kind error naming the first rule the password breaks. */
    public void check(String password) {
        if (password == null || password.isEmpty()) {
            throw DirectoryException.invalid("A password is required");
        }
        if (password.codePointCount(0, password.length()) < minLength) {
            throw DirectoryException.invalid("The password must have at least " + minLength + " characters");
        }
        if (characterClasses(password) < minClasses) {
            throw DirectoryException.invalid("The password must mix at least " + minClasses
                    + " of: lower case, upper case, digits, other characters");
        }
    }

    private static int characterClasses(String password) {
        boolean lower = false, upper = false, digit = false, other = false;
        for (int c : password.codePoints().toArray()) {
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }
}
