package io.deskbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The products' match key (issue 15, item 4): the code, else the name, each normalised and tagged. */
class ProductKeyTest {

    @Test
    void theCodeWinsAndIsNormalised() {
        assertEquals("code:lp-14", ProductKey.of(" LP-14 ", "Laptop").value());
        assertEquals("code:ab 12", ProductKey.of("ＡＢ   12", null).value(), "NFKC, runs of spaces collapsed");
    }

    @Test
    void withoutACodeTheNameIsTheKeyAndNeverEqualsACode() {
        assertEquals(
                "name:wireless mouse",
                ProductKey.of("  ", "  Wireless \t Mouse ").value());
        assertFalse(
                ProductKey.code("dell").value().equals(ProductKey.name("dell").value()));
        assertEquals("name:dell", MatchKey.Kind.PRODUCT.secondary("DELL").value());
        assertEquals("code:dell", MatchKey.Kind.PRODUCT.primary("Dell", "Other").value());
    }

    @Test
    void neitherCodeNorNameIsExcludedWithItsReason() {
        ProductKey none = ProductKey.of(null, " ");
        assertNull(none.value());
        assertEquals("NO_CODE_OR_NAME", none.problemCode());
        assertEquals("has neither a product code nor a product name", none.problem());
    }
}
