package dev.twinstack.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of results.json as the records define it, for documentation to be checked against: every object by its
 * path ({@code targets[].requests.latencyMs.cold}, {@code []} for the elements of a list), with its fields in order,
 * a field a run may leave out marked {@code ?}; every closed set of values (an enum field, or the keys of a map keyed by
 * one) by its path, with its values.
 */
public final class Schema {

    /** The path of the top-level object. */
    public static final String TOP = "(top)";

    private Schema() {}

    /** results.json's objects and closed value sets, by path, in the order a reader meets them. */
    public static Map<String, List<String>> of(Class<? extends Record> root) {
        Map<String, List<String>> shape = new LinkedHashMap<>();
        walk(TOP, root, shape);
        return shape;
    }

    private static void walk(String path, Class<?> record, Map<String, List<String>> shape) {
        List<String> fields = new ArrayList<>();
        shape.put(path, fields);
        for (RecordComponent component : record.getRecordComponents()) {
            // A component's annotation lands on its accessor (and field, and parameter), which JsonProperty may target.
            JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
            String name = renamed == null ? component.getName() : renamed.value();
            Type type = component.getGenericType();
            boolean optional = component.getType() == Optional.class;
            if (optional) {
                type = argument(type, 0);
            }
            fields.add(optional ? name + "?" : name);
            value((path.equals(TOP) ? "" : path + ".") + name, type, shape);
        }
    }

    private static void value(String path, Type type, Map<String, List<String>> shape) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            walk(path, raw, shape);
        } else if (raw.isEnum()) {
            shape.put(path, values(raw));
        } else if (List.class.isAssignableFrom(raw)) {
            Type element = argument(type, 0);
            if (raw(element).isRecord()) {
                walk(path + "[]", raw(element), shape);
            }
        } else if (Map.class.isAssignableFrom(raw) && raw(argument(type, 0)).isEnum()) {
            shape.put(path, values(raw(argument(type, 0))));
        }
    }

    private static List<String> values(Class<?> enumType) {
        List<String> values = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            String name = ((Enum<?>) constant).name();
            try {
                JsonProperty renamed = enumType.getField(name).getAnnotation(JsonProperty.class);
                values.add(renamed == null ? name : renamed.value());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    private static Type argument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }
}
