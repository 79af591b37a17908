package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a user types it: its options, its output, its exit status. */
class AnalysisTest {

    private static final Path ROOT = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent()
            .getParent()
            .getParent();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsEveryOptionOfEachCommandOnHelp() {
        for (var command : List.of("budget", "cost")) {
            CommandLine line = Analysis.commandLine();
            String usage = line.getSubcommands().get(command).getUsageMessage();

            line.getSubcommands()
                    .get(command)
                    .getCommandSpec()
                    .options()
                    .forEach(option -> assertTrue(
                            usage.contains(option.longestName()), command + " -h lists " + option.longestName()));
            assertEquals(0, run(command, "-h"));
            assertEquals(usage, out.toString());
            out.getBuffer().setLength(0);
        }
        assertEquals(0, run("-h"));
        assertTrue(out.toString().contains("budget") && out.toString().contains("cost"), out.toString());
    }

    @Test
    void projectsCostsWithDurationsInTheToolsSyntax() {
        int status = run(
                "cost",
                "--root",
                ROOT.toString(),
                "--duration",
                "100ms",
                "--init",
                "2s",
                "--memory-mb",
                "512",
                "--architecture",
                "x86_64",
                "--cpu-per-request",
                "20ms");

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("Lambda at 512 MB on x86_64"), out.toString());
        assertTrue(out.toString().contains("requests/mo"), out.toString());
        assertTrue(out.toString().contains("10000000"), "one line per volume: " + out);
        assertTrue(out.toString().contains("at 20 CPU-ms per request"), out.toString());
    }

    @Test
    void pricesTheTemplatesMemoryAndArchitectureUnlessGivenOthers() {
        Path root = Path.of(System.getProperty("twinstack-build-dir", "target"))
                .toAbsolutePath()
                .getParent()
                .getParent()
                .getParent();

        int status = run("cost", "--root", root.toString(), "--restore", "250ms");

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("Lambda at 1024 MB on arm64"), out.toString());
    }

    @Test
    void pricesTheSplitTheRouteTableGivesAMixBesideEachSideAlone() {
        int status =
                run("cost", "--root", ROOT.toString(), "--restore", "250ms", "--mix", "/api/users=1,/api/orders=3");

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("25/75 $/mo"), out.toString());
        assertTrue(out.toString().contains("Split: 25 % of requests on Lambda, 75 % on Kubernetes"), out.toString());
    }

    @Test
    void refusesADurationWithoutUnitNamingTheSyntax() {
        int status = run("cost", "--duration", "100");

        assertEquals(CommandLine.ExitCode.USAGE, status);
        assertTrue(err.toString().contains("e.g. 500ms, 15s, 5m, 1h"), err.toString());
    }

    @Test
    void asksForACommand() {
        assertEquals(CommandLine.ExitCode.USAGE, run());
        assertTrue(err.toString().contains("budget or cost"), err.toString());
    }

    @Test
    void refusesAParameterTheTemplateDoesNotDeclareWithoutATrace() {
        int status = run("budget", "--root", ROOT.toString(), "ReservedConcurency=10");

        assertEquals(CommandLine.ExitCode.USAGE, status);
        assertTrue(err.toString().contains("no parameter ReservedConcurency"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void printsTheBudgetOfTheProjectAndExitsByIt() {
        assumeTrue(Boolean.getBoolean("twinstack-full"), "rendering overlays needs kubectl: part of -Pfull");

        assertEquals(0, run("budget", "--root", ROOT.toString()), err.toString());
        assertTrue(out.toString().contains("k8s"), out.toString());
        assertEquals(1, run("budget", "--root", ROOT.toString(), "--max-connections", "20"), out.toString());
        assertTrue(out.toString().contains("EXCEEDS"), out.toString());
    }

    @Test
    void sumsBothSidesOfTheHybridTopologyAndExitsOneWhenTogetherTheyCanExhaustTheDatabase() {
        assumeTrue(Boolean.getBoolean("twinstack-full"), "rendering overlays needs kubectl: part of -Pfull");

        assertEquals(0, run("budget", "--root", ROOT.toString(), "Topology=hybrid"), out + err.toString());
        assertTrue(out.toString().contains(ConnectionBudget.HYBRID), out.toString());
        assertTrue(out.toString().contains("100 + 83 = 183"), out.toString());
        out.getBuffer().setLength(0);

        assertEquals(1, run("budget", "--root", ROOT.toString(), "Topology=hybrid", "MaxConnectionsPercent=80"));
        String hybridLine = out.toString()
                .lines()
                .filter(line -> line.contains(ConnectionBudget.HYBRID))
                .findFirst()
                .orElseThrow();
        assertTrue(hybridLine.contains("EXCEEDS") && hybridLine.contains("160 + 83 = 243"), out.toString());
        out.getBuffer().setLength(0);

        assertEquals(0, run("budget", "--root", ROOT.toString(), "--overlay", "hybrid"));
        assertTrue(out.toString().contains("Pass Topology=hybrid"), "the overlay alone says what is missing: " + out);
    }

    private int run(String... args) {
        return Analysis.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
