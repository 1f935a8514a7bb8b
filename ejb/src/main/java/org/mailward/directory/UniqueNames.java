package org.mailward.directory;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

/**
 * Inserts a named row now, so that a name another request took a moment ago (the database's
 * unique constraint, past the directory's own check) is the caller's 409, not a 500.
 */
public final class UniqueNames {

    private UniqueNames() {
    }

    public static void insert(EntityManager em, Object entity, String conflictMessage) {
        try {
            em.persist(entity);
            em.flush();
        } catch (PersistenceException e) {
            throw DirectoryException.conflict(conflictMessage);
        }
    }
}
