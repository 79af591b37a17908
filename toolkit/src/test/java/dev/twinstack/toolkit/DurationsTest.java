package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;

class DurationsTest {

    @Test
    void readsEachUnit() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(15), Durations.parse("15s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "15", "PT15S", "1.5s", "-1s", "15 s", "15sec", "5d"})
    void refusesAnythingElseNamingTheSyntax(String text) {
        var error = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

        assertTrue(error.getMessage().contains("e.g. 500ms, 15s, 5m, 1h"), error.getMessage());
    }

    @Test
    void printsTheShortestExactForm() {
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("2m", Durations.format(Duration.ofSeconds(120)));
        assertEquals("1h", Durations.format(Duration.ofMinutes(60)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "7s", "3m", "2h", "61s", "0s"})
    void readsWhatItPrints(String text) {
        assertEquals(text, Durations.format(Durations.parse(text)));
    }

    static final class Command {
        @Option(names = "--timeout")
        Duration timeout;
    }

    @Test
    void givesPicocliTheSameSyntax() {
        Command command = new Command();
        CommandLine line = new CommandLine(command).registerConverter(Duration.class, new Durations.Converter());

        line.parseArgs("--timeout", "15s");

        assertEquals(Duration.ofSeconds(15), command.timeout);
        assertThrows(CommandLine.ParameterException.class, () -> line.parseArgs("--timeout", "PT15S"));
    }
}
