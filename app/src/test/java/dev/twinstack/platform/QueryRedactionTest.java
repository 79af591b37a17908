package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryRedactionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "email=ada@example.com | email=REDACTED",
                "limit=5&email=ada%40example.com&after=3 | limit=5&email=REDACTED&after=3",
                "%65mail=ada@example.com | %65mail=REDACTED",
                "%zz=x&limit=1 | %zz=REDACTED&limit=1",
                "limit=5&after=3 | limit=5&after=3",
                "emails=x&flag | emails=x&flag"
            })
    void replacesPersonalValuesAndKeepsTheRest(String query, String redacted) {
        assertEquals(redacted, QueryRedaction.redact(query));
    }
}
