package dev.twinstack.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes results.json, the request log and the ledger through the records, strictly: a field the records do not know
 * fails, a field that is not an {@link Optional} must be present and not null, an enum value must be one of its
 * constants. Every failure names the field and where it is.
 */
public final class ResultsJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .annotationIntrospector(new OptionalMeansOptional())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .build();

    private ResultsJson() {}

    /** Reads a results.json of this schema; any other schema, or any departure from the records, fails. */
    public static Results read(Path file) throws IOException {
        int schema = MAPPER.readTree(file.toFile()).path("schema").asInt(-1);
        if (schema != Results.SCHEMA) {
            throw new IOException("%s: results.json schema %s, this reader reads schema %d"
                    .formatted(file, schema < 0 ? "missing" : schema, Results.SCHEMA));
        }
        try {
            return MAPPER.readValue(file.toFile(), Results.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + problem(e), e);
        }
    }

    public static void write(Results results, Path file) throws IOException {
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), results);
    }

    /** One request log line (no line break). */
    public static String line(RequestRecord record) {
        return compact(record);
    }

    /** One ledger line (no line break). */
    public static String line(LedgerRecord record) {
        return compact(record);
    }

    /** Appends a request to an open log, one line each. */
    public static void append(BufferedWriter log, RequestRecord record) throws IOException {
        log.write(line(record));
        log.write('\n');
    }

    /** Appends a write to an open ledger, one line each. */
    public static void append(BufferedWriter ledger, LedgerRecord record) throws IOException {
        ledger.write(line(record));
        ledger.write('\n');
    }

    /** Every record of a request log, in order; blank lines are passed over, anything else that is not one fails. */
    public static List<RequestRecord> readRequestLog(Path file) {
        return readLines(file, RequestRecord.class, "request log");
    }

    /** Every write of a ledger, in order; blank lines are passed over, anything else that is not one fails. */
    public static List<LedgerRecord> readLedger(Path file) {
        return readLines(file, LedgerRecord.class, "ledger");
    }

    static RequestRecord parseLine(String where, String line) {
        return parseLine(where, line, RequestRecord.class);
    }

    private static String compact(Record record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> readLines(Path file, Class<T> type, String what) {
        List<T> records = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int n = 0; n < lines.size(); n++) {
                if (!lines.get(n).isBlank()) {
                    records.add(parseLine(file + ":" + (n + 1), lines.get(n), type));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " " + file, e);
        }
        return records;
    }

    /** One line of a request log; fails when it is not a whole record. */
    public static RequestRecord readRequestLine(String line) {
        return parseLine("request log line", line, RequestRecord.class);
    }

    private static <T> T parseLine(String where, String line, Class<T> type) {
        try {
            return MAPPER.readValue(line, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": " + problem(e), e);
        }
    }

    /** Jackson's own words, then the field at fault as a path into the file: {@code at targets[0].extras.lambda}. */
    private static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
                } else if (step.getIndex() >= 0) {
                    path.append('[').append(step.getIndex()).append(']');
                }
            }
            return message + " at " + path;
        }
        return message
                + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr());
    }

    /** Every component is required unless its type says it may be absent. */
    private static final class OptionalMeansOptional extends JacksonAnnotationIntrospector {

        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            return !Optional.class.isAssignableFrom(member.getRawType());
        }
    }
}
