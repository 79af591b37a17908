package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadRunTest {

    @TempDir
    Path gatling;

    @Test
    void linksThisRunsGatlingReportNotAnEarlierRunsLeftInTheSameFolder() throws Exception {
        for (String run : new String[] {
            "crudsimulation-20261201115918078", "crudsimulation-20261201155106113", "crudsimulation-20261201124819714"
        }) {
            Files.writeString(Files.createDirectories(gatling.resolve(run)).resolve("index.html"), run);
        }
        Files.createDirectories(gatling.resolve("crudsimulation-20261201160000000"));

        assertEquals(
                Optional.of(gatling.resolve("crudsimulation-20261201155106113").resolve("index.html")),
                LoadRun.report(gatling),
                "the newest run with a report (a run still writing its report has none yet)");
    }
}
