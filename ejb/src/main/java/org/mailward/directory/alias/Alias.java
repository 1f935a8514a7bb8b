package org.mailward.directory.alias;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.mailward.directory.Addresses;
import org.mailward.directory.domain.Domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * An address that delivers to one or more targets, local or remote. The local part
 * {@value Addresses#CATCH_ALL} makes it the domain's catch-all: it receives mail for addresses that do not exist.
 */
@Entity
@Table(name = "alias")
public class Alias {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "domain_id")
    private Domain domain;

    @Column(name = "local_part", nullable = false)
    private String localPart;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "alias_target", joinColumns = @JoinColumn(name = "alias_id"))
    @OrderColumn(name = "position")
    @Column(name = "address", nullable = false)
    private List<String> targets = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Alias() {
    }

    Alias(Domain domain, String localPart, List<String> targets) {
        this.domain = domain;
        this.localPart = localPart;
        this.targets = new ArrayList<>(targets);
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public Domain domain() {
        return domain;
    }

    public String localPart() {
        return localPart;
    }

    public boolean catchAll() {
        return Addresses.CATCH_ALL.equals(localPart);
    }

    public List<String> targets() {
        return List.copyOf(targets);
    }

    void targets(List<String> targets) {
        this.targets.clear();
        this.targets.addAll(targets);
    }

    public AliasView view() {
        return new AliasView(localPart + "@" + domain.name(), catchAll(), targets());
    }
}
