package org.mailward.directory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Another name for a domain: mail to {@code user@alias} goes to {@code user@domain}. */
@Entity
@Table(name = "domain_alias")
public class DomainAlias {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "domain_id")
    private Domain domain;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected DomainAlias() {
    }

    DomainAlias(Domain domain, String name) {
        this.domain = domain;
        this.name = name;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public Domain domain() {
        return domain;
    }

    public String name() {
        return name;
    }
}
