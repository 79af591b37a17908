package dev.twinstack.results;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep an order a reader can rely on (the file's, or the causes' own). */
final class Copies {

    private Copies() {}

    static <K, V> Map<K, V> inOrder(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <V> Map<ErrorCause, V> byCause(Map<ErrorCause, V> map) {
        Map<ErrorCause, V> copy = new EnumMap<>(ErrorCause.class);
        copy.putAll(map);
        return Collections.unmodifiableMap(copy);
    }
}
