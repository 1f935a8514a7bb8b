package org.mailward.directory.alias;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.List;

/** Keeps aliases pointing at addresses that exist: a deleted account leaves every alias's targets. */
@ApplicationScoped
public class AliasTargets {

    @PersistenceContext
    private EntityManager em;

    /** Removes {@code address} from every alias's targets; an alias left with none is deleted. Returns how many changed. */
    public int removeEverywhere(String address) {
        List<Alias> pointing = em.createQuery("select distinct a from Alias a join a.targets t where t = :address", Alias.class)
                .setParameter("address", address).getResultList();
        for (Alias alias : pointing) {
            List<String> remaining = new ArrayList<>(alias.targets());
            remaining.remove(address);
            if (remaining.isEmpty()) {
                em.remove(alias);
            } else {
                alias.targets(remaining);
            }
        }
        return pointing.size();
    }
}
