package org.mailward.connector.imap;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.mailbox.MessageMeta;
import org.mailward.connector.spi.mailbox.MessageShape;

/**
 * Writes the untagged FETCH responses for a list of messages, then the tagged completion, as
 * {@link Reply.Output}: content is copied from the stored message as it is read, so a large
 * message is never held whole, and the messages' data is asked for {@value #BATCH} messages at a
 * time, so that {@code FETCH 1:*} over a large mailbox holds one batch, not the mailbox.
 */
final class FetchResponses implements Reply.Output {

    /** {@code date-time} (RFC 9051 section 9), always in UTC. */
    static final DateTimeFormatter INTERNAL_DATE = ImapCommand.DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int MAX_HEADER_BYTES = 1024 * 1024;
    static final int BATCH = 500;
    /** Octets a body is copied in: a 100 KB message goes to the socket in two writes, not seven. */
    private static final int COPY_BUFFER = 64 * 1024;

    /**
     * A message to answer for: its number in the session, what the store says of it, and its
     * structure when the items need it (else null).
     */
    record Target(int sequence, MessageMeta meta, boolean flagsChanged, MessageShape shape) {
    }

    /** What to answer for a batch of sequence numbers (ascending): the messages still there, in that order. */
    interface Batch {
        List<Target> targets(List<Integer> sequences) throws BackendUnavailableException, Refused;
    }

    /** The backend refused a batch's data: the command ends with NO and this response code and text. */
    static final class Refused extends Exception {
        Refused(String codeAndText) {
            super(codeAndText, null, false, false);
        }
    }

    private final List<Integer> sequences;
    private final Batch batch;
    private final List<FetchItem> items;
    private final boolean byUid;
    private final boolean modseqWithFlags;
    private final String completion;

    /** @param modseqWithFlags whether FLAGS come with MODSEQ: the client asked for modseqs (RFC 7162 section 3.1) */
    FetchResponses(List<Integer> sequences, Batch batch,
                   List<FetchItem> items, boolean byUid, boolean modseqWithFlags, String completion) {
        this.sequences = sequences;
        this.batch = batch;
        this.items = items;
        this.byUid = byUid;
        this.modseqWithFlags = modseqWithFlags;
        this.completion = completion;
    }

    /**
     * A message expunged by another session after its batch was listed is still sent: its body is
     * stored immutably (RFC 2180 section 4.1.1 allows it). One whose stored body is gone has nothing
     * left to send: if nothing of its response was written yet, it is left out and the command ends
     * with {@code NO [EXPUNGEISSUED]} (RFC 5530), as the client cannot be told of the expunge during
     * a FETCH; halfway through its response, only closing the connection is left.
     */
    @Override
    public void writeTo(OutputStream out) throws IOException, BackendUnavailableException {
        Counting counted = new Counting(out);
        boolean skipped = false;
        String tag = completion.substring(0, completion.indexOf(' '));
        for (int from = 0; from < sequences.size(); from += BATCH) {
            List<Target> targets;
            try {
                targets = batch.targets(sequences.subList(from, Math.min(sequences.size(), from + BATCH)));
            } catch (Refused refused) {
                out.write((tag + " NO " + refused.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            for (Target target : targets) {
                long before = counted.written;
                try {
                    writeOne(counted, target);
                } catch (MessageGone gone) {
                    if (counted.written != before) {
                        throw gone;
                    }
                    skipped = true;
                }
            }
        }
        String ending = skipped ? tag + " NO [EXPUNGEISSUED] Some of the requested messages no longer exist" : completion;
        out.write((ending + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A message whose stored body is gone. */
    private static final class MessageGone extends IOException {
        MessageGone(long uid, String reason) {
            super("Message " + uid + " is gone: " + reason);
        }
    }

    /** Counts what is written through it, to tell whether a message's response has begun. */
    private static final class Counting extends FilterOutputStream {

        private long written;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            written += length;
        }
    }

    private void writeOne(OutputStream out, Target target) throws IOException {
        MessageMeta meta = target.meta();
        StringBuilder text = new StringBuilder("* ").append(target.sequence()).append(" FETCH (");
        String separator = "";
        boolean uidSent = false;
        boolean flagsSent = false;
        boolean modseqSent = false;
        for (FetchItem item : items) {
            text.append(separator);
            separator = " ";
            switch (item) {
                case FetchItem.Uid uid -> {
                    text.append("UID ").append(meta.uid());
                    uidSent = true;
                }
                case FetchItem.Flags flags -> {
                    text.append("FLAGS ").append(flagList(meta.flags()));
                    flagsSent = true;
                }
                case FetchItem.Modseq modseq -> {
                    text.append(modseqItem(meta));
                    modseqSent = true;
                }
                case FetchItem.InternalDate date -> text.append("INTERNALDATE \"").append(INTERNAL_DATE.format(meta.internalDate())).append('"');
                case FetchItem.Size size -> text.append("RFC822.SIZE ").append(meta.size());
                case FetchItem.Envelope envelope -> text.append("ENVELOPE ").append(target.shape().envelope());
                case FetchItem.Structure structure -> text.append(structure.extended() ? "BODYSTRUCTURE " : "BODY ")
                        .append(structure.extended() ? target.shape().bodyStructure() : target.shape().body());
                case FetchItem.Section section -> {
                    if (section.path().isEmpty()) {
                        writeSection(out, text, meta, section);
                    } else if (section.part() == FetchItem.Part.BINARY) {
                        try (InputStream decoded = decoded(meta, target.shape(), section.path())) {
                            long length = decodedSize(meta, target.shape(), section.path());
                            writeLiteral(out, text, section, length, null, decoded, meta.uid());
                        }
                    } else {
                        writePart(out, text, meta, section, target.shape().sections().get(section.path()));
                    }
                }
                case FetchItem.BinarySize size -> text.append(size.name()).append(' ').append(size.path().isEmpty()
                        ? meta.size() : decodedSize(meta, target.shape(), size.path()));
            }
        }
        if (byUid && !uidSent) {
            text.append(separator).append("UID ").append(meta.uid());
            separator = " ";
        }
        if (target.flagsChanged() && !flagsSent) {
            text.append(separator).append("FLAGS ").append(flagList(meta.flags()));
            flagsSent = true;
        }
        if (modseqWithFlags && flagsSent && !modseqSent) {
            text.append(" ").append(modseqItem(meta));
        }
        text.append(")\r\n");
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String flagList(List<String> flags) {
        return "(" + String.join(" ", flags) + ")";
    }

    /** {@code MODSEQ (n)} (RFC 7162 section 3.1.4.1). */
    static String modseqItem(MessageMeta meta) {
        return "MODSEQ (" + meta.modseq() + ")";
    }

    private static InputStream open(MessageMeta meta) throws IOException {
        try {
            return meta.body().open();
        } catch (NoSuchFileException e) {
            throw new MessageGone(meta.uid(), e.getMessage());
        }
    }

    /**
     * Writes what {@code text} holds so far, then the section as a literal: the whole message and
     * its text are copied as they are read; header sections (at most a megabyte) are read first.
     */
    private void writeSection(OutputStream out, StringBuilder text, MessageMeta meta, FetchItem.Section section)
            throws IOException {
        try (InputStream in = open(meta)) {
            // BINARY[] is the whole message as stored (RFC 3516 section 4.2)
            boolean whole = section.part() == FetchItem.Part.ALL || section.part() == FetchItem.Part.BINARY;
            byte[] header = whole ? null : readHeader(in);
            byte[] held = switch (section.part()) {
                case ALL, TEXT, BINARY -> null;
                case HEADER -> header;
                case HEADER_FIELDS -> fields(header, section.fields(), true);
                case HEADER_FIELDS_NOT -> fields(header, section.fields(), false);
                case MIME -> throw new IllegalArgumentException("the parser takes MIME only with a part number");
            };
            long length = held != null ? held.length : header == null ? meta.size() : meta.size() - header.length;
            writeLiteral(out, text, section, length, held, in, meta.uid());
        }
    }

    /**
     * A numbered body part, from the ranges its structure gives ({@link MessageShape#sections}):
     * a part that does not exist, or a HEADER or TEXT of a part that is no message, is empty.
     */
    private void writePart(OutputStream out, StringBuilder text, MessageMeta meta, FetchItem.Section section, long[] ranges)
            throws IOException {
        int first = switch (section.part()) {
            case ALL, BINARY -> 0;
            case MIME -> 2;
            case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT -> 4;
            case TEXT -> 6;
        };
        long start = ranges == null ? -1 : ranges[first];
        long end = ranges == null ? -1 : ranges[first + 1];
        try (InputStream in = start < 0 ? InputStream.nullInputStream() : open(meta)) {
            in.skipNBytes(Math.max(start, 0));
            long length = Math.max(end - start, 0);
            byte[] held = null;
            if (section.part() == FetchItem.Part.HEADER_FIELDS || section.part() == FetchItem.Part.HEADER_FIELDS_NOT) {
                held = fields(in.readNBytes((int) Math.min(length, MAX_HEADER_BYTES)), section.fields(),
                        section.part() == FetchItem.Part.HEADER_FIELDS);
                length = held.length;
            }
            writeLiteral(out, text, section, length, held, in, meta.uid());
        }
    }

    /**
     * Writes {@code text}, then the section's item name and its octets (the partial asked for) as
     * a literal: from {@code held} if it was read whole, otherwise copied from {@code in}, which
     * stands at the section's first octet.
     */
    private static void writeLiteral(OutputStream out, StringBuilder text, FetchItem.Section section, long length, byte[] held,
                                     InputStream in, long uid) throws IOException {
        long from = section.offset() < 0 ? 0 : Math.min(section.offset(), length);
        long count = section.length() < 0 ? length - from : Math.min(section.length(), length - from);
        text.append(section.name());
        if (section.offset() >= 0) {
            text.append('<').append(section.offset()).append('>');
        }
        // BINARY's content may hold NUL, which only literal8 carries (RFC 3516 section 4.2)
        text.append(section.part() == FetchItem.Part.BINARY ? " ~{" : " {").append(count).append("}\r\n");
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        text.setLength(0);
        if (held != null) {
            out.write(held, (int) from, (int) count);
        } else {
            in.skipNBytes(from);
            copy(in, count, out, uid);
        }
    }

    /**
     * A body part's content with its transfer encoding undone; empty for a part that does not
     * exist. The session has checked that the encodings are known.
     */
    private static InputStream decoded(MessageMeta meta, MessageShape shape, String path) throws IOException {
        long[] ranges = shape.sections().get(path);
        if (ranges == null) {
            return InputStream.nullInputStream();
        }
        InputStream in = open(meta);
        try {
            in.skipNBytes(ranges[0]);
            return TransferDecoding.decode(shape.encodings().get(path), new BoundedInputStream(in, ranges[1] - ranges[0]));
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The decoded size, which the literal announces before the content: the part is decoded once to count it. */
    private static long decodedSize(MessageMeta meta, MessageShape shape, String path) throws IOException {
        try (InputStream decoded = decoded(meta, shape, path)) {
            return decoded.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** The first {@code limit} octets of a stream; closing it closes the stream. */
    private static final class BoundedInputStream extends FilterInputStream {

        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            left -= c < 0 ? left : 1;
            return c;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            left -= read < 0 ? left : read;
            return read;
        }
    }

    private static void copy(InputStream in, long count, OutputStream out, long uid) throws IOException {
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(count, 1))];
        long left = count;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("Message " + uid + " is shorter than its recorded size");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    /** The header block, with the empty line that ends it (RFC 9051: HEADER includes it). */
    private static byte[] readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int previous = -1;
        int beforePrevious = -1;
        int c;
        while (header.size() < MAX_HEADER_BYTES && (c = in.read()) >= 0) {
            header.write(c);
            if (c == '\n' && (previous == '\n' || (previous == '\r' && beforePrevious == '\n'))) {
                break;
            }
            beforePrevious = previous;
            previous = c;
        }
        return header.toByteArray();
    }

    /** The header fields named (or all but those), unfolded lines kept as they are, then the empty line. */
    private static byte[] fields(byte[] header, List<String> names, boolean wanted) {
        Set<String> lower = new TreeSet<>();
        names.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
        String text = new String(header, StandardCharsets.ISO_8859_1);
        StringBuilder kept = new StringBuilder();
        boolean keeping = false;
        for (String line : text.split("(?<=\n)")) {
            if (line.isEmpty() || line.equals("\r\n") || line.equals("\n")) {
                break;
            }
            if (line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                int colon = line.indexOf(':');
                String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                keeping = lower.contains(name) == wanted;
            }
            if (keeping) {
                kept.append(line);
            }
        }
        kept.append("\r\n");
        return kept.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
