package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Query parameters parsed by hand, so that a bad value is a 400 naming the parameter (never JAX-RS's 404). */
class ParamsTest {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    @Test
    void limitDefaultsWhenAbsent() {
        assertEquals(DEFAULT_LIMIT, Params.limit(null, DEFAULT_LIMIT, MAX_LIMIT));
    }

    @Test
    void limitAcceptsItsBoundsAndSurroundingSpaces() {
        assertEquals(1, Params.limit("1", DEFAULT_LIMIT, MAX_LIMIT));
        assertEquals(MAX_LIMIT, Params.limit(" 100 ", DEFAULT_LIMIT, MAX_LIMIT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5", "9999999999999"})
    void limitOutsideItsBoundsNamesTheRange(String raw) {
        assertBadParameter("limit", "must be between 1 and 100", () -> Params.limit(raw, DEFAULT_LIMIT, MAX_LIMIT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "1.5", "0x10", "99999999999999999999"})
    void limitThatIsNoIntegerSaysSo(String raw) {
        assertBadParameter("limit", "must be an integer", () -> Params.limit(raw, DEFAULT_LIMIT, MAX_LIMIT));
    }

    @Test
    void cursorIsNullForTheFirstPage() {
        assertNull(Params.cursor("after", null));
    }

    @Test
    void cursorIsThePreviousPagesLastId() {
        assertEquals(42L, Params.cursor("after", "42"));
    }

    @Test
    void cursorMustBeAPositiveIdNamedAsGiven() {
        assertBadParameter("after", "must be a positive id", () -> Params.cursor("after", "0"));
        assertBadParameter("after", "must be an integer", () -> Params.cursor("after", "abc"));
    }

    @Test
    void requiredIdMustBePresentPositiveAndAnInteger() {
        assertEquals(7L, Params.requiredId("userId", "7"));
        assertBadParameter("userId", "is required", () -> Params.requiredId("userId", null));
        assertBadParameter("userId", "is required", () -> Params.requiredId("userId", ""));
        assertBadParameter("userId", "must be a positive id", () -> Params.requiredId("userId", "-1"));
        assertBadParameter("userId", "must be an integer", () -> Params.requiredId("userId", "x"));
    }

    @Test
    void textKeepsUnicodeLettersAndIsAbsentWhenAbsent() {
        assertEquals("zoë@exämple.com", Params.text("email", "zoë@exämple.com", 254));
        assertNull(Params.text("email", null, 254));
    }

    @Test
    void textLongerThanItsMaximumSaysSo() {
        assertBadParameter("email", "must be at most 5 characters", () -> Params.text("email", "abcdef", 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "a\u0000b", "a\nb", "\u007f", "\u0085", "\uffff", "\ufdd0", "\ud800", "\udc00x"})
    void textWithCharactersNoTextNeedsIsRefused(String raw) {
        assertBadParameter(
                "email",
                "must not contain control characters, non-characters or unpaired surrogates",
                () -> Params.text("email", raw, 254));
    }

    private static void assertBadParameter(String parameter, String detail, Executable parse) {
        ProblemException e = assertThrows(ProblemException.class, parse);

        assertEquals(400, e.status());
        assertEquals(
                List.of(Problem.Violation.parameter(parameter, detail)),
                e.problem().errors());
    }
}
