package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The two image recipes build the same image: the Dockerfile's default target and the Jib configuration agree on the
 * base image, entrypoint (JVM options included), user, working directory and exposed ports, and the pods run as that
 * user on that port. The opt-in JDK 25 variant differs from the default only in its JDK and its start-time archive.
 * No image is built: the recipes are read as files.
 */
class ImageRecipeTest {

    private static final Path MODULE = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent();
    private static final String APPCDS = "-XX:SharedArchiveFile=app-cds.jsa";
    private static final String AOT_CACHE = "-XX:AOTCache=app.aot";

    /** One stage of a Dockerfile: its base, its name, and its instructions in order. */
    record Stage(String from, String name, List<String[]> instructions) {

        String last(String instruction) {
            String found = null;
            for (String[] i : instructions) {
                if (i[0].equals(instruction)) {
                    found = i[1];
                }
            }
            return found;
        }

        String all(String instruction) {
            StringBuilder out = new StringBuilder();
            instructions.stream()
                    .filter(i -> i[0].equals(instruction))
                    .forEach(i -> out.append(i[1]).append('\n'));
            return out.toString();
        }
    }

    /** What Jib is configured to build. */
    record JibImage(String from, List<String> entrypoint, String user, List<String> ports, String workingDirectory) {}

    private static Map<String, Stage> stages;
    private static Stage image;
    private static JibImage jib;

    @BeforeAll
    static void readRecipes() throws Exception {
        stages = dockerfile(MODULE.resolve("src/main/docker/Dockerfile"));
        image = stages.values().stream().reduce((a, b) -> b).orElseThrow();
        jib = jib(MODULE.resolve("pom.xml"));
    }

    @Test
    void dockerfileAndJibAgreeOnBaseEntrypointUserWorkdirAndPorts() throws Exception {
        assertEquals(jib.from(), image.from(), "base image");
        assertEquals(jib.entrypoint(), entrypoint(image), "entrypoint, JVM options included");
        assertEquals(jib.user(), image.last("USER"), "user");
        assertEquals(jib.ports(), List.of(image.last("EXPOSE").split("\\s+")), "exposed ports");
        assertEquals(jib.workingDirectory(), image.last("WORKDIR"), "working directory");
    }

    @Test
    void theImageRunsAsTheDeploymentsUserOnItsPort() throws Exception {
        JsonNode deployment = new ObjectMapper(new YAMLFactory())
                .readTree(MODULE.resolve("kustomize/base/deployment.yaml").toFile());
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode app = null;
        for (JsonNode container : pod.get("containers")) {
            if (container.get("name").asText().equals("app")) {
                app = container;
            }
        }

        assertNotNull(app);
        assertEquals(
                pod.at("/securityContext/runAsUser").asText() + ":"
                        + pod.at("/securityContext/runAsGroup").asText(),
                jib.user());
        assertEquals(jib.ports().get(0), app.at("/ports/0/containerPort").asText());
    }

    @Test
    void theArchiveTheEntrypointLoadsIsWrittenByTheRuntimeJdk() {
        Stage archive = stages.get("archive");

        assertTrue(entrypoint(image).contains(APPCDS));
        assertEquals(image.from(), archive.from(), "written by the runtime image's own JDK");
        assertTrue(archive.all("RUN").contains("-XX:ArchiveClassesAtExit=app-cds.jsa"));
        assertTrue(image.all("COPY").contains("--from=archive"));
    }

    @Test
    void jdk25VariantDiffersOnlyInItsJdkAndItsAotCache() {
        Stage variant = stages.get("jdk25-aot");
        Stage cache = stages.get("aot-cache");
        List<String> expected = new ArrayList<>(entrypoint(image));
        expected.set(expected.indexOf(APPCDS), AOT_CACHE);

        assertNotNull(variant, "a jdk25-aot target");
        assertEquals(expected, entrypoint(variant));
        assertEquals(image.last("USER"), variant.last("USER"));
        assertEquals(image.last("EXPOSE"), variant.last("EXPOSE"));
        assertEquals(image.last("WORKDIR"), variant.last("WORKDIR"));
        assertTrue(variant.from().matches(".*:25[-.].*"), "a JDK 25 base: " + variant.from());
        assertEquals(variant.from(), cache.from(), "the cache is written by the variant's own JDK");
        assertTrue(cache.all("RUN").contains("-XX:AOTCacheOutput=app.aot"));
        assertTrue(variant.all("COPY").contains("--from=aot-cache"));
    }

    private static List<String> entrypoint(Stage stage) {
        try {
            List<String> args = new ArrayList<>();
            new ObjectMapper().readTree(stage.last("ENTRYPOINT")).forEach(a -> args.add(a.asText()));
            return args;
        } catch (IOException e) {
            throw new AssertionError("ENTRYPOINT must be the exec form (a JSON array): " + stage.last("ENTRYPOINT"), e);
        }
    }

    /** The Dockerfile's stages by name (unnamed ones by index), with ARG defaults substituted into FROM. */
    static Map<String, Stage> dockerfile(Path file) throws IOException {
        String joined = Files.readString(file).replaceAll("\\\\\\n", " ");
        Map<String, String> args = new HashMap<>();
        Map<String, Stage> found = new LinkedHashMap<>();
        Stage current = null;
        for (String line : joined.split("\n")) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] parts = text.split("\\s+", 2);
            String instruction = parts[0].toUpperCase();
            String value = parts.length > 1 ? parts[1].strip() : "";
            if (instruction.equals("ARG") && current == null) {
                String[] arg = value.split("=", 2);
                args.put(arg[0], arg.length > 1 ? arg[1] : "");
            } else if (instruction.equals("FROM")) {
                Matcher m = Pattern.compile("(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE)
                        .matcher(value);
                assertTrue(m.matches(), text);
                String from = m.group(1);
                for (Map.Entry<String, String> arg : args.entrySet()) {
                    from = from.replace("${" + arg.getKey() + "}", arg.getValue());
                }
                current = new Stage(from, m.group(2), new ArrayList<>());
                found.put(m.group(2) != null ? m.group(2) : "#" + found.size(), current);
            } else if (current != null) {
                current.instructions().add(new String[] {instruction, value});
            }
        }
        return found;
    }

    static JibImage jib(Path pom) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Map<String, String> properties = new HashMap<>();
        NodeList props = ((Element) doc.getElementsByTagName("properties").item(0)).getChildNodes();
        for (int i = 0; i < props.getLength(); i++) {
            if (props.item(i) instanceof Element e) {
                properties.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        Element plugin = null;
        NodeList ids = doc.getElementsByTagName("artifactId");
        for (int i = 0; i < ids.getLength(); i++) {
            if (ids.item(i).getTextContent().equals("jib-maven-plugin")) {
                plugin = (Element) ids.item(i).getParentNode();
            }
        }
        assertNotNull(plugin, "the Jib plugin in " + pom);
        Element configuration = child(plugin, "configuration");
        Element container = child(configuration, "container");
        String from =
                child(child(configuration, "from"), "image").getTextContent().strip();
        Matcher property = Pattern.compile("\\$\\{([^}]+)}").matcher(from);
        if (property.matches()) {
            from = properties.get(property.group(1));
        }
        return new JibImage(
                from,
                texts(child(container, "entrypoint"), "arg"),
                child(container, "user").getTextContent().strip(),
                texts(child(container, "ports"), "port"),
                child(container, "workingDirectory").getTextContent().strip());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static List<String> texts(Element parent, String name) {
        List<String> values = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                values.add(e.getTextContent().strip());
            }
        }
        return values;
    }
}
