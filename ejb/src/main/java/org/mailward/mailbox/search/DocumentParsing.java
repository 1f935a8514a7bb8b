package org.mailward.mailbox.search;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.Parser;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;

import java.time.Duration;

/**
 * Tika for the index: one parser for every indexing thread (Tika's parsers keep no state between
 * documents), run on {@link ParsingThreads} so that a message's HTML and attachments are read
 * within the system setting {@code search.extract-timeout-seconds}.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DocumentParsing {

    /** Parses left running after their time limit before attachments are left unread; each may hold a processor. */
    static final int MOST_ABANDONED = 4;

    @Resource
    private ManagedThreadFactory threads;

    @Inject
    private SystemSettings settings;

    private final Parser tika = new AutoDetectParser();
    private ParsingThreads parsing;

    @PostConstruct
    void start() {
        parsing = new ParsingThreads(threads, MOST_ABANDONED);
    }

    /** The parser for one message's parts, whose time limit starts now. */
    public Parser forOneMessage() {
        return parsing.within(tika, timeLimit());
    }

    /** How long reading one message's parts may take; a value stored before the range was narrowed is capped. */
    public Duration timeLimit() {
        return Duration.ofSeconds(Math.min(settings.number(Setting.SEARCH_EXTRACT_TIMEOUT_SECONDS),
                Setting.MOST_EXTRACT_TIMEOUT_SECONDS));
    }

    @PreDestroy
    void stop() {
        parsing.shutdown();
    }
}
