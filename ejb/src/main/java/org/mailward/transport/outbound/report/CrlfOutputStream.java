package org.mailward.transport.outbound.report;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes every line end (CRLF, a bare LF, a bare CR) as CRLF, as RFC 5322 wants them. */
final class CrlfOutputStream extends FilterOutputStream {

    private boolean afterCr;

    CrlfOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\r' || b == '\n') {
                out.write(bytes, start, i - start);
                if (b == '\r' || !afterCr) {
                    out.write('\r');
                    out.write('\n');
                }
                start = i + 1;
            }
            afterCr = b == '\r';
        }
        out.write(bytes, start, end - start);
    }
}
