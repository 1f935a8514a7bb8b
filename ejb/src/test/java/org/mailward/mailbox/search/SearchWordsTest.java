package org.mailward.mailbox.search;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Searches against a Lucene index in memory written with the index's own analyzer: what a user
 * types finds the message that shows it, in each script our users write.
 */
class SearchWordsTest {

    private static final String FIELD = "body";

    @Test
    void aSearchIsSplitAndFoldedAsTheIndexIs() {
        assertEquals(List.of(latin("cafe"), latin("creme"), latin("john"), latin("smith"), latin("example"), latin("com")),
                SearchWords.of("Café CRÈME john.smith@Example.com"));
        assertEquals(List.of(), SearchWords.of("  --@@ "));
        assertEquals(List.of(latin("e")), SearchWords.of("\u0301 e\u0301 \u0640"), "marks and a tatweel alone are no words");
        assertEquals(List.of(latin("mailward"), new SearchWords.Word("の使い方", true)), SearchWords.of("Mailwardの使い方"));
    }

    @Test
    void latinWordsAndTheirBeginnings() throws IOException {
        Mail mail = new Mail(Map.of(
                "meeting", "Meeting with john.smith@example.com about the Harbour project, 2nd floor.",
                "other", "Lunch at the harbor café?"));
        assertEquals(Set.of("meeting"), mail.find("smith"));
        assertEquals(Set.of("meeting"), mail.find("John Smi"));
        assertEquals(Set.of("meeting"), mail.find("EXAMPLE.COM"));
        assertEquals(Set.of("meeting"), mail.find("harbour"));
        assertEquals(Set.of("meeting", "other"), mail.find("harb"));
        assertEquals(Set.of("meeting"), mail.find("2nd"));
        assertEquals(Set.of(), mail.find("smith john meeting"), "the first words are a phrase");
    }

    @Test
    void accentsLigaturesAndDecomposedLettersAreFolded() throws IOException {
        Mail mail = new Mail(Map.of(
                "german", "Grüße aus Zürich: die Straße ist gesperrt.",
                "decomposed", "Cafe\u0301 au lait, Noe\u0308l!",
                "polish", "Spotkanie w Łodzi, ulica Żeromskiego",
                "turkish", "İstanbul'da ofis",
                "ligature", "Die Oﬃzin öﬀnet um 9."));
        assertEquals(Set.of("german"), mail.find("GRÜSSE aus"));
        assertEquals(Set.of("german"), mail.find("zur"));
        assertEquals(Set.of("german"), mail.find("strasse"));
        assertEquals(Set.of("german"), mail.find("straß"));
        assertEquals(Set.of("decomposed"), mail.find("café"));
        assertEquals(Set.of("decomposed"), mail.find("Noël"));
        assertEquals(Set.of("polish"), mail.find("lodzi zeromsk"));
        assertEquals(Set.of("turkish"), mail.find("istanbul"));
        assertEquals(Set.of("turkish"), mail.find("İSTANBUL"));
        assertEquals(Set.of("ligature"), mail.find("offizin offnet"));
    }

    @Test
    void cyrillicIgnoresCaseAndTheDiaeresis() throws IOException {
        Mail mail = new Mail(Map.of(
                "moscow", "Встреча в Москве перенесена. Ёлка стоит во дворе.",
                "other", "Привет из Санкт-Петербурга"));
        assertEquals(Set.of("moscow"), mail.find("москве"));
        assertEquals(Set.of("moscow"), mail.find("ВСТРЕЧА в МОСКВ"));
        assertEquals(Set.of("moscow"), mail.find("елка"));
        assertEquals(Set.of("moscow"), mail.find("ёлка"));
        assertEquals(Set.of("other"), mail.find("петербург"));
        assertEquals(Set.of(), mail.find("Новосибирск"));
    }

    @Test
    void greekIgnoresCaseAccentsAndTheFinalSigma() throws IOException {
        Mail mail = new Mail(Map.of(
                "capitals", "Η ΟΔΥΣΣΕΙΑ ΤΟΥ ΟΔΥΣΣΕΥΣ",
                "greeting", "Καλημέρα σας, τα λέμε αύριο."));
        assertEquals(Set.of("capitals"), mail.find("Οδυσσεύς"));
        assertEquals(Set.of("capitals"), mail.find("οδυσσεια"));
        assertEquals(Set.of("greeting"), mail.find("ΚΑΛΗΜΈΡΑ"));
        assertEquals(Set.of("greeting"), mail.find("αυριο"));
        assertEquals(Set.of(), mail.find("Αθήνα"));
    }

    @Test
    void arabicAndHebrewIgnoreVowelPointsAndLetterVariants() throws IOException {
        Mail mail = new Mail(Map.of(
                "vowelled", "مَرْحَبًا بِكُمْ في الاجتماع",
                "variants", "أرسل أحمد الكتـــاب إلى المدرسة",
                "persian", "یک کتاب خوب",
                "hebrew", "שָׁלוֹם עֲלֵיכֶם, נתראה מחר"));
        assertEquals(Set.of("vowelled"), mail.find("مرحبا"));
        assertEquals(Set.of("vowelled"), mail.find("الاجتماع"));
        assertEquals(Set.of("variants"), mail.find("احمد"));
        assertEquals(Set.of("variants"), mail.find("الكتاب"));
        assertEquals(Set.of("variants"), mail.find("المدرسه"));
        assertEquals(Set.of("persian"), mail.find("يك"));
        assertEquals(Set.of("hebrew"), mail.find("שלום"));
        assertEquals(Set.of("hebrew"), mail.find("מחר"));
        assertEquals(Set.of(), mail.find("سلام"));
    }

    @Test
    void chineseIsFoundAnywhereInASentence() throws IOException {
        Mail mail = new Mail(Map.of(
                "budget", "我们明天下午开会讨论预算。",
                "other", "后天见"));
        assertEquals(Set.of("budget"), mail.find("明天"));
        assertEquals(Set.of("budget"), mail.find("开会讨论"));
        assertEquals(Set.of("budget"), mail.find("预算"));
        assertEquals(Set.of("budget"), mail.find("我"));
        assertEquals(Set.of("budget"), mail.find("算"), "the last character of a run");
        assertEquals(Set.of("budget", "other"), mail.find("天"));
        assertEquals(Set.of(), mail.find("会议"), "two characters present, but not together");
        assertEquals(Set.of(), mail.find("讨论开会"), "the pairs, but not in this order");
    }

    @Test
    void japaneseKanaAndKanjiAreFoundAnywhereAndHalfWidthKanaFolded() throws IOException {
        Mail mail = new Mail(Map.of(
                "tokyo", "東京タワーに行きました。メールを送ります",
                "osaka", "大阪へようこそ"));
        assertEquals(Set.of("tokyo"), mail.find("タワー"));
        assertEquals(Set.of("tokyo"), mail.find("行きました"));
        assertEquals(Set.of("tokyo"), mail.find("京タ"));
        assertEquals(Set.of("tokyo"), mail.find("に"));
        assertEquals(Set.of("tokyo"), mail.find("ﾀﾜｰ"));
        assertEquals(Set.of("tokyo"), mail.find("送ります"));
        assertEquals(Set.of("osaka"), mail.find("ようこそ"));
        assertEquals(Set.of(), mail.find("京都"));
    }

    @Test
    void koreanIsFoundWithoutItsParticles() throws IOException {
        Mail mail = new Mail(Map.of("seoul", "내일 서울에서 만나요", "busan", "부산으로 갑니다"));
        assertEquals(Set.of("seoul"), mail.find("서울"));
        assertEquals(Set.of("seoul"), mail.find("만나"));
        assertEquals(Set.of("seoul"), mail.find("내일 서울"));
        assertEquals(Set.of("busan"), mail.find("부산"));
        assertEquals(Set.of(), mail.find("대구"));
    }

    @Test
    void thaiIsFoundInsideARun() throws IOException {
        Mail mail = new Mail(Map.of("welcome", "สวัสดีครับ ยินดีต้อนรับ"));
        assertEquals(Set.of("welcome"), mail.find("ครับ"));
        assertEquals(Set.of("welcome"), mail.find("ต้อนรับ"));
        assertEquals(Set.of(), mail.find("ขอบคุณ"));
    }

    @Test
    void scriptsMixedInOneWordOrOnePhrase() throws IOException {
        Mail mail = new Mail(Map.of(
                "guide", "Mailwardの使い方",
                "report", "预算 report 2025年度"));
        assertEquals(Set.of("guide"), mail.find("mailward"));
        assertEquals(Set.of("guide"), mail.find("使い方"));
        assertEquals(Set.of("guide"), mail.find("Mailwardの使い"));
        assertEquals(Set.of("guide"), mail.find("ＭＡＩＬＷＡＲＤ"));
        assertEquals(Set.of("report"), mail.find("预算 rep"));
        assertEquals(Set.of("report"), mail.find("report 2025年度"));
        assertEquals(Set.of(), mail.find("report 预算"), "a run after a word must follow it");
    }

    @Test
    void aRunLongerThanAWordIsPairedAcrossItsPieces() throws IOException {
        // The tokenizer cuts words at 255 characters; the pair across the cut is indexed all the same.
        Mail mail = new Mail(Map.of("long", "的".repeat(254) + "明天见"));
        assertEquals(Set.of("long"), mail.find("明天见"));
    }

    private static SearchWords.Word latin(String text) {
        return new SearchWords.Word(text, false);
    }

    /** Messages' texts in an index of their own, by name. */
    private static final class Mail {

        private final Directory index = new ByteBuffersDirectory();

        Mail(Map<String, String> texts) throws IOException {
            try (IndexWriter writer = new IndexWriter(index, new IndexWriterConfig(MailWordsAnalysis.INDEXED))) {
                for (Map.Entry<String, String> text : texts.entrySet()) {
                    Document document = new Document();
                    document.add(new StringField("name", text.getKey(), Field.Store.YES));
                    document.add(new TextField(FIELD, text.getValue(), Field.Store.NO));
                    writer.addDocument(document);
                }
            }
        }

        Set<String> find(String search) throws IOException {
            try (DirectoryReader reader = DirectoryReader.open(index)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                Set<String> names = new HashSet<>();
                for (ScoreDoc hit : searcher.search(SearchWords.query(FIELD, SearchWords.of(search)), 100).scoreDocs) {
                    names.add(searcher.storedFields().document(hit.doc).get("name"));
                }
                return names;
            }
        }
    }
}
