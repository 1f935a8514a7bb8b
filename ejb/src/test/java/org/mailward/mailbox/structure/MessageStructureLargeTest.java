package org.mailward.mailbox.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class MessageStructureLargeTest {

    /** A message made up as it is read, so that no test holds it whole. */
    private static final class GeneratedMessage extends InputStream {

        private final byte[] head;
        private final byte[] line;
        private final byte[] tail;
        private final long size;
        private long position;

        GeneratedMessage(String head, byte[] line, long lineCount, String tail) {
            this.head = head.getBytes(StandardCharsets.US_ASCII);
            this.line = line;
            this.tail = tail.getBytes(StandardCharsets.US_ASCII);
            this.size = this.head.length + line.length * lineCount + this.tail.length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position == size) {
                return -1;
            }
            int count = 0;
            while (count < length && position < size) {
                into[offset + count++] = at(position++);
            }
            return count;
        }

        private byte at(long at) {
            if (at < head.length) {
                return head[(int) at];
            }
            long inLines = at - head.length;
            long linesSize = size - head.length - tail.length;
            return inLines < linesSize ? line[(int) (inLines % line.length)] : tail[(int) (inLines - linesSize)];
        }
    }

    @Test
    void parsesTwentyMegabytesStreaming() {
        String head = "Subject: big\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n"
                + "--zz\r\nContent-Type: text/plain\r\n\r\nsmall\r\n"
                + "--zz\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        byte[] line = new byte[78];
        Arrays.fill(line, (byte) 'A');
        line[76] = '\r';
        line[77] = '\n';
        long lines = 270_000;
        String tail = "--zz--\r\n";
        GeneratedMessage message = new GeneratedMessage(head, line, lines, tail);
        MessageStructure structure = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> MessageStructure.parse(message));
        assertEquals(message.size, structure.size());
        MimePart attachment = structure.message().parts().get(1);
        assertEquals(lines * 78 - 2, attachment.size());
        assertEquals(lines - 1, attachment.lines());
        assertEquals("((\"text\" \"plain\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 5 0)"
                + "(\"application\" \"octet-stream\" NIL NIL NIL \"base64\" 21059998) \"mixed\")",
                structure.bodyStructure(false));
    }

    @Test
    void aHugeLineIsOneLine() throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'x');
        GeneratedMessage message = new GeneratedMessage("Subject: one line\r\n\r\n", chunk, 20, "\r\n");
        MessageStructure structure = MessageStructure.parse(message);
        assertEquals(20L * chunk.length + 2, structure.message().size());
        assertEquals(1, structure.message().lines());
    }

    @Test
    void partsAreCountedAndCut() throws IOException {
        StringBuilder body = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 2 * MessageStructure.MAX_PARTS; i++) {
            body.append("--b\r\n\r\nx\r\n");
        }
        MessageStructure structure = MessageStructureTest.parse(body.append("--b--\r\n").toString());
        // The message counts as one part; the last part counted runs to the end.
        assertEquals(MessageStructure.MAX_PARTS - 1, structure.message().parts().size());
        assertEquals(structure.size(), structure.message().parts().getLast().end());
    }
}
