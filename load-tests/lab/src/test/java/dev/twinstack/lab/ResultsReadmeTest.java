package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.Results;
import dev.twinstack.results.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's results.json table says what the records hold: every object and closed set of values by its path, each
 * with its fields in the records' order, the optional ones marked {@code ?}. A field added to the records without the
 * README saying it fails here, and so does one the README names that the records do not hold.
 */
class ResultsReadmeTest {

    private static final Path README = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent()
            .resolve("README.md");

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void documentsEveryObjectOfTheRecordsAndNoOther() throws IOException {
        Map<String, List<String>> documented = documented();
        Map<String, List<String>> records = Schema.of(Results.class);

        Set<String> undocumented = new LinkedHashSet<>(records.keySet());
        undocumented.removeAll(documented.keySet());
        Set<String> unknown = new LinkedHashSet<>(documented.keySet());
        unknown.removeAll(records.keySet());
        assertTrue(undocumented.isEmpty(), "objects the README's results.json table lacks: " + undocumented);
        assertTrue(unknown.isEmpty(), "objects the README names that results.json does not hold: " + unknown);
    }

    @Test
    void namesEveryFieldOfEachObjectInTheRecordsOrder() throws IOException {
        Map<String, List<String>> documented = documented();

        Schema.of(Results.class).forEach((path, fields) -> {
            if (documented.containsKey(path)) {
                assertEquals(fields, documented.get(path), "the README's fields of " + path);
            }
        });
    }

    @Test
    void saysWhichSchemaItDescribes() throws IOException {
        assertTrue(Files.readString(README).contains("## results.json (schema " + Results.SCHEMA + ")"));
    }

    /** The table under the results.json heading: object path, then the fields in code spans. */
    private static Map<String, List<String>> documented() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int heading = lines.indexOf("## results.json (schema " + Results.SCHEMA + ")");
        assertTrue(heading >= 0, README + " has no results.json section for schema " + Results.SCHEMA);
        Map<String, List<String>> objects = new LinkedHashMap<>();
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("| ") || line.startsWith("| object ")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String path = cells[1].trim().replace("`", "");
            List<String> fields = new ArrayList<>();
            Matcher field = CODE.matcher(cells[2]);
            while (field.find()) {
                fields.add(field.group(1));
            }
            objects.put(path, fields);
        }
        return objects;
    }
}
