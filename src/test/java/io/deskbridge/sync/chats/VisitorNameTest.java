package io.deskbridge.sync.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 14, item 3: the lead's first and last name from a chat visitor's name, Japanese order included. */
class VisitorNameTest {

    @Test
    void aWesternNameEndsWithTheFamilyName() {
        assertEquals(new VisitorName("Jane", "Roe"), VisitorName.of("Jane Roe", "jane@acme.example"));
        assertEquals(new VisitorName("Mary Ann", "Major"), VisitorName.of("  Mary   Ann Major ", null));
    }

    @Test
    void aNameInJapaneseScriptStartsWithTheFamilyNameWhateverTheSpace() {
        assertEquals(new VisitorName("太郎", "山田"), VisitorName.of("山田 太郎", null));
        // The full-width space an IME types.
        assertEquals(new VisitorName("花子", "佐藤"), VisitorName.of("佐藤\u3000花子", null));
        assertEquals(new VisitorName("ケン", "ワタナベ"), VisitorName.of("ワタナベ ケン", null));
    }

    @Test
    void aNameThatCannotBeSplitSafelyIsTheLastNameWhole() {
        assertEquals(new VisitorName(null, "山田太郎"), VisitorName.of("山田太郎", null));
        assertEquals(new VisitorName(null, "Cher"), VisitorName.of("Cher", null));
    }

    @Test
    void familyNameThenCommaIsReadAsWritten() {
        assertEquals(new VisitorName("Jane", "Roe"), VisitorName.of("Roe, Jane", null));
    }

    @Test
    void withoutANameTheEmailStandsInAsTheLastName() {
        assertEquals(new VisitorName(null, "jane@acme.example"), VisitorName.of("  ", "jane@acme.example"));
        assertEquals(new VisitorName(null, "jane@acme.example"), VisitorName.of(null, "jane@acme.example"));
    }
}
