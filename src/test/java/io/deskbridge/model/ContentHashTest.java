package io.deskbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContentHashTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void fieldOrderAndNullsDoNotMatterButValuesDo() throws Exception {
        String a = ContentHash.of(json.readTree("{\"a\":\"1\",\"b\":\"山田\",\"c\":null,\"cf\":{\"x\":1}}"));
        assertEquals(a, ContentHash.of(json.readTree("{\"cf\":{\"x\":1},\"b\":\"山田\",\"a\":\"1\"}")));
        assertNotEquals(a, ContentHash.of(json.readTree("{\"a\":\"1\",\"b\":\"山田 \",\"cf\":{\"x\":1}}")));
        assertNotEquals(a, ContentHash.of(json.readTree("{\"a\":\"1\",\"b\":\"山田\",\"cf\":{\"x\":2}}")));
    }
}
