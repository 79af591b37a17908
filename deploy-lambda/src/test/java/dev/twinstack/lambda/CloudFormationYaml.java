package dev.twinstack.lambda;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation / SAM template as CloudFormation does: each short-form intrinsic tag ({@code !Ref X},
 * {@code !Sub ...}, {@code !If [...]}) becomes its long form ({@code {Ref: X}}, {@code {Fn::Sub: ...}}), so checks can
 * tell a reference from a literal.
 */
final class CloudFormationYaml extends SafeConstructor {

    private CloudFormationYaml() {
        super(new LoaderOptions());
        yamlMultiConstructors.put("!", new Intrinsic());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path template) throws IOException {
        try (Reader reader = Files.newBufferedReader(template)) {
            return (Map<String, Object>) new Yaml(new CloudFormationYaml()).load(reader);
        }
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
