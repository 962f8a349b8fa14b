package io.deskbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Taro.Yamada@Example.JP|taro.yamada@example.jp",
                "'  hanako.sato@example.jp  '|hanako.sato@example.jp",
                "ｊｉｒｏ．ｓｕｚｕｋｉ＠ｅｘａｍｐｌｅ．ｊｐ|jiro.suzuki@example.jp",
                "first+tag@sub.example.co.uk|first+tag@sub.example.co.uk",
                "user@例え.jp|user@例え.jp"
            })
    void normalisesForMatching(String raw, String expected) {
        EmailAddress e = EmailAddress.of(raw);
        assertTrue(e.isValid(), e.problem());
        assertEquals(expected, e.value());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not-an-email",
                "foo@@bar.example",
                "a@b",
                "a b@example.com",
                ".a@example.com",
                "a..b@example.com",
                "a@-example.com",
                "a@example.c",
                "a@example.123",
                "'; DROP TABLE x;--@example.com",
                "${jndi:ldap://x}@example.com"
            })
    void refusesWhatIsNotAnAddressWithAReason(String raw) {
        EmailAddress e = EmailAddress.of(raw);
        assertFalse(e.isValid());
        assertNull(e.value());
        assertEquals("INVALID_EMAIL", e.problemCode());
        assertTrue(e.problem().contains(raw.strip()), e.problem());
    }

    @Test
    void missingIsNotInvalid() {
        assertEquals("NO_EMAIL", EmailAddress.of("   ").problemCode());
        assertEquals("NO_EMAIL", EmailAddress.of(null).problemCode());
        assertTrue(EmailAddress.of(null).isMissing());
    }

    @Test
    void tooLongIsRefused() {
        assertFalse(EmailAddress.of("a".repeat(250) + "@example.com").isValid());
    }
}
