package org.mailward.admin.schema;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores every folder name in Unicode NFC, as folders are named from now on (IMAP4rev2's
 * Net-Unicode, RFC 9051 section 5.1): a client's name is taken in NFC, so a folder stored under
 * another form of the same name could no longer be selected. SQL has no portable NFC, hence Java.
 * Should the NFC form be taken already in the account, the folder gets " (2)", " (3)"... after it.
 */
public class V013__Folder_names_in_nfc extends BaseJavaMigration {

    private record Folder(long id, long accountId, String name) {
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        List<Folder> denormalized = new ArrayList<>();
        try (Statement all = connection.createStatement();
             ResultSet rows = all.executeQuery("SELECT id, account_id, name FROM mail_folder")) {
            while (rows.next()) {
                String name = rows.getString(3);
                if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
                    denormalized.add(new Folder(rows.getLong(1), rows.getLong(2), name));
                }
            }
        }
        try (PreparedStatement names = connection.prepareStatement("SELECT name FROM mail_folder WHERE account_id = ?");
             PreparedStatement rename = connection.prepareStatement("UPDATE mail_folder SET name = ? WHERE id = ?")) {
            for (Folder folder : denormalized) {
                Set<String> taken = new HashSet<>();
                names.setLong(1, folder.accountId());
                try (ResultSet rows = names.executeQuery()) {
                    while (rows.next()) {
                        taken.add(rows.getString(1));
                    }
                }
                rename.setString(1, freeName(Normalizer.normalize(folder.name(), Normalizer.Form.NFC), taken));
                rename.setLong(2, folder.id());
                rename.executeUpdate();
            }
        }
    }

    /** {@code name}, or, when the account has it already, the first free of "name (2)", "name (3)"... */
    static String freeName(String name, Set<String> taken) {
        String free = name;
        for (int n = 2; taken.contains(free); n++) {
            free = name + " (" + n + ")";
        }
        return free;
    }
}
