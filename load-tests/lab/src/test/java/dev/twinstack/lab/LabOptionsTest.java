package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The lab's settings have one definition (its options) and cannot drift from what {@code -Plab} forwards or from what
 * the README documents.
 */
class LabOptionsTest {

    private static final Path POM = Path.of("pom.xml");
    private static final Path README = Path.of("README.md");

    @Test
    void everyOptionIsForwardedByThePomAndEveryForwardedPropertyIsAnOption() throws IOException {
        String pom = Files.readString(POM);
        Set<String> forwarded = new TreeSet<>();
        Matcher argument = Pattern.compile("<argument>-D(lab\\.\\w+)=\\$\\{(lab\\.\\w+)}</argument>")
                .matcher(pom);
        while (argument.find()) {
            assertEquals(argument.group(1), argument.group(2), "forwards the property of the same name");
            forwarded.add(argument.group(1));
        }
        Set<String> declared = new TreeSet<>();
        Matcher empty = Pattern.compile("<(lab\\.\\w+)/>").matcher(pom);
        while (empty.find()) {
            declared.add(empty.group(1));
        }

        assertEquals(options(), forwarded, "-Dlab.* arguments of the lab profile");
        assertEquals(options(), declared, "empty lab.* properties, so an unset one reaches the lab as empty");
        assertTrue(
                Pattern.compile("-Dlab\\.\\w+=(?!\\$\\{)")
                        .matcher(pom)
                        .results()
                        .findAny()
                        .isEmpty(),
                "the pom states no value of its own: the defaults are the lab's");
    }

    @Test
    void everyOptionHasAReadmeRowWithItsDefaultAndEveryRowIsAnOption() throws IOException {
        Map<String, String> rows = readmeRows();

        assertEquals(options(), new TreeSet<>(rows.keySet()), "rows of the settings table in " + README);
        for (OptionSpec option : specs()) {
            assertEquals(
                    defaultOf(option),
                    rows.get(LabOptions.property(option)),
                    "default of " + LabOptions.property(option) + " in " + README);
        }
    }

    @Test
    void helpPrintsEveryOptionWithItsDefault() {
        StringWriter help = new StringWriter();

        var settings = LabOptions.parse(new PrintWriter(help), new Properties(), "-h");

        assertTrue(settings.isEmpty(), "nothing runs");
        for (OptionSpec option : specs()) {
            assertTrue(help.toString().contains(option.longestName()), option.longestName() + " in\n" + help);
            if (!option.usageHelp()) {
                assertTrue(
                        help.toString().contains("Default: " + option.defaultValue()),
                        option.defaultValue() + " of " + option.longestName() + " in\n" + help);
            }
        }
    }

    @Test
    void runsWithTheDeployFilesAuthUnlessToldNone() {
        assertEquals("deploy-files", parse(new Properties()).auth());
        assertEquals("none", parse(properties(Map.of("lab.auth", "none"))).auth());
        assertThrows(CommandLine.ParameterException.class, () -> parse(properties(Map.of("lab.auth", "gateway"))));
    }

    @Test
    void spillsOverOnlyWhenAskedAndOnlyForTheHybridTarget() {
        assertFalse(parse(properties(Map.of("lab.targets", "hybrid"))).spillover());
        assertTrue(parse(properties(Map.of("lab.targets", "hybrid", "lab.spillover", "true")))
                .spillover());
        assertThrows(
                CommandLine.ParameterException.class,
                () -> parse(properties(Map.of("lab.targets", "lambda,k8s", "lab.spillover", "true"))));
    }

    @Test
    void theHelpPropertyPrintsTheHelpToo() {
        StringWriter help = new StringWriter();

        var settings = LabOptions.parse(new PrintWriter(help), properties(Map.of("lab.help", "true")));

        assertTrue(settings.isEmpty());
        assertTrue(help.toString().contains("--burst-gap"), help.toString());
    }

    @Test
    void aPropertyGivesTheDefaultAndTheCommandLineWins() {
        Properties given = properties(Map.of("lab.lambdaIdle", "2m", "lab.replicas", "3"));

        LabSettings settings = parse(given, "--replicas=5");

        assertEquals(Duration.ofMinutes(2), settings.lambdaIdle());
        assertEquals(5, settings.replicas());
    }

    @Test
    void anEmptyPropertyMeansTheOptionsOwnDefault() {
        LabSettings settings = parse(properties(Map.of("lab.burstGap", "", "lab.sloP95", "")));

        assertEquals(Duration.ofSeconds(20), settings.burstGap());
        assertEquals(Duration.ofSeconds(2), settings.sloP95());
    }

    @Test
    void followsTheLocalOverlaysHpaByDefaultWithItsOwnWindow() {
        LabSettings settings = parse(new Properties());

        assertEquals("local", settings.autoscale().overlay());
        assertTrue(settings.autoscale().enabled());
        assertEquals(Optional.empty(), settings.autoscale().scaleDownWindow());
        assertEquals(Duration.ZERO, settings.autoscale().coolDown());
        assertEquals(0, settings.autoscale().holdSeconds());
    }

    @Test
    void theScaleOutProfileIsTheSteadyOneScaledHeldAndStartingAtTheMinimum() {
        LabSettings settings = parse(new Properties(), "--profile=scale-out", "--scale=0.5", "--replicas=2");

        assertEquals("steady", settings.profile());
        assertEquals(LabOptions.SCALE_OUT_SCALE * 0.5, settings.scale());
        assertEquals(1, settings.replicas());
        assertEquals(LabOptions.SCALE_OUT_HOLD_SECONDS, settings.autoscale().holdSeconds());
        assertEquals(
                Optional.of(Duration.ofSeconds(LabOptions.SCALE_OUT_WINDOW_SECONDS)),
                settings.autoscale().scaleDownWindow());
        assertEquals(
                Duration.ofSeconds(LabOptions.SCALE_OUT_COOL_DOWN_SECONDS),
                settings.autoscale().coolDown());
    }

    @Test
    void aWindowGivenWinsOverTheScaleOutProfilesAndAFixedScaleOutNeedsNoHpa() {
        assertEquals(
                Optional.of(Duration.ofMinutes(1)),
                parse(new Properties(), "--profile=scale-out", "--hpa-scale-down-window=1m")
                        .autoscale()
                        .scaleDownWindow());
        assertThrows(CommandLine.ParameterException.class, () -> parse(new Properties(), "--scale-out-after=30s"));
        assertThrows(
                CommandLine.ParameterException.class,
                () -> parse(new Properties(), "--profile=scale-out", "--hpa=none"));
        assertThrows(CommandLine.ParameterException.class, () -> parse(new Properties(), "--profile=sideways"));
    }

    @Test
    void readsEveryDurationInTheOneSyntax() {
        LabSettings settings = parse(
                new Properties(),
                "--burst-gap=45s",
                "--hpa=none",
                "--scale-out-after=30s",
                "--lambda-idle=5m",
                "--lambda-abandon=1m",
                "--lambda-snapshot-load=300ms",
                "--slo-p95=1500ms",
                "--slo-p99=3s",
                "--sample-interval=100ms");

        assertEquals(45, settings.burstGapSeconds());
        assertEquals(Duration.ofSeconds(30), settings.scaleOutAfter());
        assertEquals(Duration.ofMinutes(5), settings.lambdaIdle());
        assertEquals(Duration.ofMinutes(1), settings.lambdaAbandon());
        assertEquals(Duration.ofMillis(300), settings.lambdaSnapshotLoad());
        assertEquals(Duration.ofMillis(1500), settings.sloP95());
        assertEquals(Duration.ofSeconds(3), settings.sloP99());
        assertEquals(Duration.ofMillis(100), settings.sampleInterval());
    }

    @Test
    void publishesTwiceTheReservedConcurrencyAsSnapshotCopiesUnlessTold() {
        assertEquals(8, parse(new Properties(), "--lambda-concurrency=4").lambdaSnapshotCopies());
        assertEquals(
                5,
                parse(new Properties(), "--lambda-concurrency=4", "--lambda-snapshot-copies=5")
                        .lambdaSnapshotCopies());
    }

    @Test
    void runsTheLambdaTargetsAsDeployedAndOnDemandBesideKubernetesByDefault() {
        LabSettings settings = parse(new Properties());

        assertEquals(List.of("lambda", "lambda-ondemand", "k8s"), settings.targets());
        assertTrue(
                settings.template().endsWith(Path.of("deploy-lambda", "template.yaml")), settings.template()::toString);
    }

    @Test
    void leavesLambdasInitLimitToTheLocalLambdaService() {
        var error = assertThrows(
                CommandLine.ParameterException.class, () -> parse(properties(Map.of("lab.lambdaInitTimeout", "60s"))));

        assertTrue(error.getMessage().contains("[lab.lambdaInitTimeout]"), error.getMessage());
    }

    @Test
    void refusesABareNumberOfSecondsNamingTheSyntax() {
        var error = assertThrows(
                CommandLine.ParameterException.class, () -> parse(properties(Map.of("lab.burstGap", "20"))));

        assertTrue(error.getMessage().contains("e.g. 500ms, 15s, 5m, 1h"), error.getMessage());
    }

    @Test
    void refusesABurstGapTheScenarioCannotTake() {
        var error =
                assertThrows(CommandLine.ParameterException.class, () -> parse(new Properties(), "--burst-gap=1500ms"));

        assertTrue(error.getMessage().contains("whole seconds"), error.getMessage());
    }

    @Test
    void refusesALabPropertyThatNamesNoSetting() {
        var error = assertThrows(
                CommandLine.ParameterException.class, () -> parse(properties(Map.of("lab.sloP95Ms", "60000"))));

        assertTrue(error.getMessage().contains("[lab.sloP95Ms]"), error.getMessage());
    }

    @Test
    void refusesAMisspeltSettingOnTheMavenCommandLineThatThePomWouldDrop() {
        var error = assertThrows(
                CommandLine.ParameterException.class,
                () -> LabOptions.refuseUnknownMavenProperties(
                        " -Plab package -DskipTests -Dlab.profile=smoke -Dlab.burstgap=30s"));

        assertTrue(error.getMessage().contains("[lab.burstgap]"), error.getMessage());
    }

    @Test
    void acceptsTheSettingsOnTheMavenCommandLine() {
        assertDoesNotThrow(() -> LabOptions.refuseUnknownMavenProperties(
                " -Plab package -DskipTests -Dlab.profile=smoke -Dlab.help -Dlab.targets=k8s=http://127.0.0.1:1"));
        assertDoesNotThrow(() -> LabOptions.refuseUnknownMavenProperties(null));
    }

    @Test
    void refusesAPropertyThePomLeftUnresolved() {
        var error = assertThrows(
                CommandLine.PicocliException.class, () -> parse(properties(Map.of("lab.scale", "${lab.scale}"))));

        assertTrue(error.getMessage().contains("the pom does not define it"), error.getMessage());
    }

    @Test
    void namesWhatToCollectOfEachDeploymentTheLabDoesNotRun() {
        LabSettings settings = parse(properties(Map.of(
                "lab.targets", "aws=https://abc.example.com,eks=https://twinstack.example.com,k8s",
                "lab.awsFunction", "aws=twinstack-Function",
                "lab.awsProxy", "aws=twinstack-proxy",
                "lab.k8sDeployment", "eks=shop/twinstack",
                "lab.dbReadOnlyUrl", "eks=jdbc:postgresql://db:5432/twinstack?user=readonly",
                "lab.k8sPrometheus", "eks=http://prometheus.monitoring:9090",
                "lab.collectSettle", "0s")));

        var aws = settings.collect().get("aws");
        assertEquals(Optional.of("twinstack-Function"), aws.function());
        assertEquals(Optional.of("twinstack-proxy"), aws.proxy());
        assertEquals(Optional.empty(), aws.deployment());
        var eks = settings.collect().get("eks");
        assertEquals(Optional.of("shop"), eks.namespace());
        assertEquals(Optional.of("twinstack"), eks.deployment());
        assertEquals(Optional.of("jdbc:postgresql://db:5432/twinstack?user=readonly"), eks.jdbcUrl());
        assertEquals(Duration.ZERO, eks.settle());
        assertEquals(Optional.of(URI.create("http://prometheus.monitoring:9090")), eks.prometheus());
        assertEquals(Set.of("aws", "eks"), settings.collect().keySet(), "nothing for a target the lab runs");
    }

    @Test
    void refusesToCollectForANameThatIsNoDeploymentOfTheRun() {
        Properties given = properties(Map.of(
                "lab.targets", "lambda,aws=https://abc.example.com", "lab.awsFunction", "lambda=twinstack-Function"));

        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> parse(given));

        assertTrue(e.getMessage().contains("--aws-function"), e.getMessage());
        assertTrue(e.getMessage().contains("[aws]"), e.getMessage());
    }

    @Test
    void runsOnlyTheTargetsTheChosenDrillsApplyTo() {
        LabSettings settings = parse(properties(Map.of("lab.drill", "kill-pod")));

        assertEquals(List.of(DrillKind.KILL_POD), settings.drills());
        assertEquals(List.of("k8s"), settings.runTargets());
        assertEquals(
                List.of("lambda", "lambda-ondemand", "k8s"),
                parse(new Properties()).runTargets());
    }

    @Test
    void refusesADrillUnderAProfileWithoutAConstantPhaseToHold() {
        var e = assertThrows(
                CommandLine.ParameterException.class,
                () -> parse(properties(Map.of("lab.drill", "all", "lab.profile", "burst"))));

        assertTrue(e.getMessage().contains("smoke or steady"), e.getMessage());
    }

    @Test
    void refusesAnUnknownDrillNamingTheKnownOnes() {
        var e = assertThrows(
                CommandLine.ParameterException.class, () -> parse(properties(Map.of("lab.drill", "unplug"))));

        assertTrue(e.getMessage().contains("lab.drill") && e.getMessage().contains("db-failover"), e.getMessage());
    }

    private static LabSettings parse(Properties properties, String... args) {
        return LabOptions.parse(new PrintWriter(new StringWriter()), properties, args)
                .orElseThrow();
    }

    private static Properties properties(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }

    private static List<OptionSpec> specs() {
        return LabOptions.commandLine(new LabOptions(), new Properties())
                .getCommandSpec()
                .options();
    }

    private static Set<String> options() {
        return new TreeSet<>(LabOptions.properties());
    }

    private static String defaultOf(OptionSpec option) {
        return option.defaultValue() != null ? option.defaultValue() : String.valueOf(option.initialValue());
    }

    /** The settings table: property to default, from rows such as {@code | `lab.scale` | `1` | ... |}. */
    private static Map<String, String> readmeRows() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `(lab\\.\\w+)` \\| `([^`]*)` \\|");
        for (String line : Files.readAllLines(README)) {
            Matcher matcher = row.matcher(line);
            if (matcher.find()) {
                assertEquals(null, rows.put(matcher.group(1), matcher.group(2)), "one row for " + matcher.group(1));
            }
        }
        return rows;
    }
}
