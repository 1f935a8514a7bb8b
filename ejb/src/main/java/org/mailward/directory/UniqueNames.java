package org.mailward.directory;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.util.function.Supplier;

/**
 * Inserts a named row now, so that a name another request took a moment ago (the database's
 * unique constraint, past the directory's own check) is the caller's 409, not a 500.
 */
public final class UniqueNames {

    private UniqueNames() {
    }

    public static void insert(EntityManager em, Object entity, String conflictMessage) {
        insert(em, entity, () -> DirectoryException.conflict(conflictMessage));
    }

    /** As {@link #insert(EntityManager, Object, String)}, with the caller's own conflict error. */
    public static void insert(EntityManager em, Object entity, Supplier<? extends RuntimeException> conflict) {
        try {
            em.persist(entity);
            em.flush();
        } catch (PersistenceException e) {
            throw conflict.get();
        }
    }
}
