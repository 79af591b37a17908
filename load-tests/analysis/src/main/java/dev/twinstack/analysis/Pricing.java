package dev.twinstack.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The price constants a projection uses, each with its unit, source and the date it was taken, from a pricing data
 * file ({@code pricing.json} beside this class by default; pass your own for another region or a negotiated rate).
 */
public record Pricing(String region, double hoursPerMonth, Map<String, Price> prices) {

    public record Price(double value, String unit, String source, String date) {}

    public static Pricing defaults() {
        try (InputStream in = Pricing.class.getResourceAsStream("pricing.json")) {
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled pricing.json cannot be read", e);
        }
    }

    public static Pricing from(Path file) throws IOException {
        return parse(new ObjectMapper().readTree(Files.readString(file)));
    }

    private static Pricing parse(JsonNode root) {
        Map<String, Price> prices = new LinkedHashMap<>();
        root.get("prices").fields().forEachRemaining(e -> {
            JsonNode p = e.getValue();
            prices.put(
                    e.getKey(),
                    new Price(
                            p.get("value").asDouble(),
                            p.get("unit").asText(),
                            p.get("source").asText(),
                            p.get("date").asText()));
        });
        return new Pricing(
                root.get("region").asText(), root.get("hoursPerMonth").asDouble(), Map.copyOf(prices));
    }

    public double get(String key) {
        Price price = prices.get(key);
        if (price == null) {
            throw new IllegalArgumentException("pricing data has no '" + key + "'");
        }
        return price.value();
    }
}
