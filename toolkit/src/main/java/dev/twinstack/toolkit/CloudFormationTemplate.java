package dev.twinstack.toolkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation or SAM template read as CloudFormation reads it: each short-form intrinsic function ({@code !Ref X},
 * {@code !Sub ...}, {@code !If [...]}, {@code !GetAtt A.B}) becomes its long form ({@code {Ref: X}},
 * {@code {Fn::Sub: ...}}), so a check can tell a reference from a literal; dates stay text, as CloudFormation keeps
 * them. Parameters resolve as at deploy time: a value given for the deployment, else the parameter's {@code Default},
 * checked against its {@code AllowedValues}, {@code MinValue} and {@code MaxValue}.
 */
public final class CloudFormationTemplate {

    private static final String SERVERLESS = "AWS::Serverless::";

    private final Map<String, Object> document;
    private final Map<String, String> values;

    private CloudFormationTemplate(Map<String, Object> document, Map<String, String> values) {
        this.document = document;
        this.values = Map.copyOf(values);
    }

    public static CloudFormationTemplate read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static CloudFormationTemplate parse(String yaml) {
        Object loaded = new Yaml(new Constructor()).load(yaml);
        if (!(loaded instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a template is a YAML mapping");
        }
        return new CloudFormationTemplate(map(loaded), Map.of());
    }

    /** The whole template, intrinsic functions in their long form. */
    public Map<String, Object> document() {
        return document;
    }

    /**
     * The same template deployed with these parameter values ({@code sam deploy --parameter-overrides}): each must be
     * a declared parameter and pass its constraints.
     */
    public CloudFormationTemplate withParameters(Map<String, String> given) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        given.forEach((name, value) -> {
            check(name, declaration(name), value);
            merged.put(name, value);
        });
        return new CloudFormationTemplate(document, merged);
    }

    /** The parameters the template declares, by name. */
    public Map<String, Object> parameters() {
        return section("Parameters");
    }

    /** The resources, by logical ID. */
    public Map<String, Object> resources() {
        return section("Resources");
    }

    /** The logical IDs of the resources of one type, in template order. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * A resource's properties as SAM deploys them: for a serverless resource, the template's {@code Globals} for its
     * kind come first, the resource's own properties override scalars, maps are merged and lists are appended to.
     */
    public Map<String, Object> properties(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null) {
            throw new NoSuchElementException("the template has no resource " + logicalId);
        }
        Map<String, Object> own = map(map(resource).getOrDefault("Properties", Map.of()));
        String type = String.valueOf(map(resource).get("Type"));
        if (!type.startsWith(SERVERLESS)) {
            return own;
        }
        Object globals = section("Globals").get(type.substring(SERVERLESS.length()));
        return globals == null ? own : map(merge(globals, own));
    }

    /** A parameter's value in this deployment: the one given, else its Default; empty when it has neither. */
    public Optional<String> parameter(String name) {
        Map<String, Object> declaration = declaration(name);
        if (values.containsKey(name)) {
            return Optional.of(values.get(name));
        }
        Object fallback = declaration.get("Default");
        return fallback == null ? Optional.empty() : Optional.of(text(fallback));
    }

    /**
     * A value as text: a literal as written, a {@code Ref} to a parameter as its value in this deployment. Empty for
     * what only CloudFormation knows at deploy time (other intrinsic functions, references to resources or pseudo
     * parameters). A referenced parameter without a value is an error that says how to give one.
     */
    public Optional<String> resolve(Object node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof Map<?, ?> function) {
            if (function.size() == 1
                    && function.get("Ref") instanceof String ref
                    && parameters().containsKey(ref)) {
                return Optional.of(parameter(ref)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "parameter " + ref + " has no Default: pass it as " + ref + "=VALUE")));
            }
            return Optional.empty();
        }
        if (node instanceof List<?>) {
            return Optional.empty();
        }
        return Optional.of(text(node));
    }

    /** {@link #resolve} as a whole number. */
    public Optional<Integer> resolveInt(Object node) {
        return resolve(node).map(value -> {
            try {
                return Integer.valueOf(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
            }
        });
    }

    private Map<String, Object> declaration(String name) {
        Object declaration = parameters().get(name);
        if (declaration == null) {
            throw new IllegalArgumentException("the template declares no parameter " + name);
        }
        return map(declaration);
    }

    private static void check(String name, Map<String, Object> declaration, String value) {
        Object allowed = declaration.get("AllowedValues");
        if (allowed instanceof List<?> list
                && list.stream().map(CloudFormationTemplate::text).noneMatch(value::equals)) {
            throw new IllegalArgumentException(name + "=" + value + " is not one of " + list);
        }
        if (!"Number".equals(declaration.get("Type"))) {
            return;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is a Number, not '" + value + "'", e);
        }
        Object min = declaration.get("MinValue");
        Object max = declaration.get("MaxValue");
        if (min != null && number.compareTo(new BigDecimal(text(min))) < 0) {
            throw new IllegalArgumentException(name + "=" + value + " is below its MinValue " + text(min));
        }
        if (max != null && number.compareTo(new BigDecimal(text(max))) > 0) {
            throw new IllegalArgumentException(name + "=" + value + " is above its MaxValue " + text(max));
        }
    }

    /** SAM's rule for Globals: the resource's scalars win, maps merge, lists add up (globals first). */
    private static Object merge(Object global, Object own) {
        if (global instanceof Map<?, ?> g && own instanceof Map<?, ?> o) {
            Map<String, Object> merged = new LinkedHashMap<>(map(g));
            map(o).forEach((key, value) -> merged.merge(key, value, CloudFormationTemplate::merge));
            return merged;
        }
        if (global instanceof List<?> g && own instanceof List<?> o) {
            List<Object> merged = new ArrayList<>(g);
            merged.addAll(o);
            return merged;
        }
        return own;
    }

    private Map<String, Object> section(String name) {
        Object section = document.get(name);
        return section == null ? Map.of() : map(section);
    }

    private static String text(Object value) {
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** YAML with CloudFormation's tags: {@code !Ref} and {@code !Condition} keep their name, the rest become Fn::. */
    private static final class Constructor extends SafeConstructor {

        Constructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new Intrinsic());
            // CloudFormation reads 2010-09-09 as text, not as a date.
            yamlConstructors.put(Tag.TIMESTAMP, yamlConstructors.get(Tag.STR));
        }

        private final class Intrinsic extends AbstractConstruct {

            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue().substring(1);
                String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
