package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ModifiedUtf7Test {

    /** Names and their encodings: RFC 3501 section 5.1.3's example first. */
    private static final Map<String, String> PAIRS = Map.of(
            "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e", "~peter/mail/&U,BTFw-/&ZeVnLIqe-",
            "Entw\u00fcrfe", "Entw&APw-rfe",
            "Tom & Jerry", "Tom &- Jerry",
            "&", "&-",
            "Gel\u00f6scht & Spam \u00e0 trier", "Gel&APY-scht &- Spam &AOA- trier",
            "\u00e9\u00e8", "&AOkA6A-",
            "Mail \ud83d\udce7", "Mail &2D3c5w-",
            "plain/ASCII name", "plain/ASCII name",
            "", "");

    @Test
    void encodesAndDecodesBothWays() {
        PAIRS.forEach((name, encoded) -> {
            assertEquals(encoded, ModifiedUtf7.encode(name), name);
            assertEquals(name, ModifiedUtf7.decode(encoded), encoded);
        });
    }

    @Test
    void refusesWhatTheRfcForbids() {
        Map<String, String> malformed = Map.of(
                "Entw\u00fcrfe", "8-bit",
                "a&b", "never ends",
                "&AGE-", "printable",
                "&AOk-&AOg-", "in a row",
                "&AOk!-", "not modified base64",
                "&AOl-", "whole character",
                "&AOkA-", "whole character",
                "&2D0-", "surrogate",
                "&3OfYPQ-", "surrogate",
                "tab\there", "control");
        malformed.forEach((encoded, reason) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode(encoded), encoded);
            assertTrue(refused.getMessage().contains(reason), encoded + ": " + refused.getMessage());
        });
    }

    @Test
    void aShiftAfterAnEscapedAmpersandIsNoSuperfluousShift() {
        assertEquals("\u00e9&\u00e8", ModifiedUtf7.decode("&AOk-&-&AOg-"));
    }
}
