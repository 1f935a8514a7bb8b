package org.mailward.connector.spi.mailbox;

import java.util.Map;

/**
 * A message's structure as FETCH reports it: ENVELOPE, BODY and BODYSTRUCTURE ready to write,
 * and where the asked-for body parts lie in the stored message.
 *
 * @param sections by part number ("1", "2.1"): eight octet offsets, each range {@code [start, end)}:
 *                 the part's content, its MIME header, and, for a message/rfc822 part, that
 *                 message's header and text; -1 where a range does not apply. A part that does
 *                 not exist is absent.
 * @param encodings by part number, as {@code sections}: the part's Content-Transfer-Encoding
 *                  ({@code base64}, {@code 7BIT} where the part names none), for FETCH BINARY
 */
public record MessageShape(String envelope, String body, String bodyStructure, Map<String, long[]> sections,
                           Map<String, String> encodings) {
}
