package org.mailward.mailbox.search;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.account.Account;
import org.mailward.directory.account.AccountRepository;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.domain.DomainRepository;

import java.util.List;
import java.util.logging.Logger;

/**
 * The system administrator's rebuild of the full-text index, for one account, one domain or
 * everything: the messages' documents leave the index and their rows are marked not indexed, a
 * folder per transaction, so that no large part of the store is locked at once; the background
 * indexing then indexes them again a batch at a time ({@link IndexingSchedule#catchUp}), and a
 * search indexes its folder first meanwhile, as ever. A folder's documents leave in the
 * transaction that marks its rows, so that a search of a folder not yet reached still finds what
 * it always found, and one of a folder reached indexes it first.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IndexRebuild {

    private static final Logger LOG = Logger.getLogger(IndexRebuild.class.getName());
    /** Folder ids read at once. */
    private static final int FOLDER_PAGE = 1000;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AccessControl access;

    @Inject
    private DomainRepository domains;

    @Inject
    private AccountRepository accounts;

    @Inject
    private MessageIndex index;

    @Inject
    private IndexingSchedule schedule;

    /** The folders a rebuild covers: those meeting {@code condition} (on {@code f}, its parameter {@code :owner}), or all. */
    private record Folders(String name, String condition, Long owner) {

        boolean all() {
            return condition == null;
        }
    }

    /** Takes the scope's messages out of the index; says how many wait to be indexed again. */
    public RebuildQueued rebuild(Caller caller, RebuildScope scope) {
        access.requireSystemAdmin(caller, "rebuild the search index");
        Folders folders = folders(scope);
        long queued = 0;
        long after = 0;
        List<Long> page;
        do {
            page = folderPage(folders, after);
            for (long folderId : page) {
                queued += index.unindexFolder(folderId);
                after = folderId;
            }
        } while (page.size() == FOLDER_PAGE);
        schedule.catchUp();
        long total = queued;
        LOG.info(() -> caller.username() + " rebuilds the search index of " + folders.name() + ": "
                + total + " message(s) to index again");
        return new RebuildQueued(queued);
    }

    private Folders folders(RebuildScope scope) {
        boolean all = Boolean.TRUE.equals(scope.all());
        if ((scope.account() != null ? 1 : 0) + (scope.domain() != null ? 1 : 0) + (all ? 1 : 0) != 1) {
            throw DirectoryException.invalid("Name exactly one of account (an address), domain, or all (true)");
        }
        if (scope.account() != null) {
            String address = Addresses.address(scope.account());
            Domain domain = domains.require(Addresses.domainOf(address));
            Account account = accounts.find(domain, Addresses.localPartOf(address))
                    .orElseThrow(() -> DirectoryException.notFound("No account " + address));
            return new Folders("the account " + address, "f.accountId = :owner", account.id());
        }
        if (scope.domain() != null) {
            Domain domain = domains.require(Addresses.domain(scope.domain()));
            return new Folders("the domain " + domain.name(),
                    "f.accountId in (select a.id from Account a where a.domain.id = :owner)", domain.id());
        }
        return new Folders("all mail", null, null);
    }

    private List<Long> folderPage(Folders folders, long after) {
        TypedQuery<Long> query = em.createQuery("select f.id from MailFolder f where f.id > :after"
                + (folders.all() ? "" : " and " + folders.condition()) + " order by f.id", Long.class);
        if (!folders.all()) {
            query.setParameter("owner", folders.owner());
        }
        return query.setParameter("after", after).setMaxResults(FOLDER_PAGE).getResultList();
    }
}
