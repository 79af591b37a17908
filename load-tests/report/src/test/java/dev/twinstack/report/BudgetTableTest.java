package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Predicted beside measured connections, and the verdicts a team must not miss. */
class BudgetTableTest {

    private static final String FORMULA = "reserved concurrency 50 × pool 1 = 50 connections";

    @Test
    void putsEachTargetsPredictionLimitAndPeakSideBySide() throws IOException {
        BudgetTable table = BudgetTable.of(Fixtures.read(Fixtures.THREE_TARGETS));

        assertEquals(
                List.of(
                        "lambda+proxy",
                        "4 connections",
                        "40 connections",
                        "2 connections",
                        "measured peak within the prediction",
                        "min(MaxConnectionsPercent 10 % × max_connections 40, reserved concurrency 10 × pool 1)"
                                + " = min(4, 10) = 4 connections"),
                table.rows().get(1).cells());
    }

    @Test
    void flagsAWorstCaseAboveTheDatabasesShare() {
        BudgetTable table = tableFor(new ResultsFile.Budget(50, 40L, FORMULA, true), 12);

        assertEquals(
                "measured peak within the prediction; the worst case can exhaust the database",
                table.rows().get(0).verdict());
    }

    @Test
    void flagsAMeasuredPeakAboveThePrediction() {
        BudgetTable table = tableFor(new ResultsFile.Budget(10, 40L, "pool 10 = 10 connections", false), 12);

        assertEquals("measured peak EXCEEDS the prediction", table.rows().get(0).verdict());
    }

    @Test
    void comparesPeakAndPredictionItselfWhenTheLabGaveNoVerdict() {
        BudgetTable table = tableFor(new ResultsFile.Budget(10, null, "pool 10 = 10 connections", null), 11);

        assertEquals("measured peak EXCEEDS the prediction", table.rows().get(0).verdict());
        assertEquals(Format.NOT_MEASURED, table.rows().get(0).limit());
    }

    @Test
    void isEmptyWhenNoTargetCarriesABudget() throws IOException {
        assertTrue(BudgetTable.of(Fixtures.read(Fixtures.K8S_ONLY)).isEmpty());
    }

    private static BudgetTable tableFor(ResultsFile.Budget budget, int peak) {
        var target = new ResultsFile.TargetResult("lambda", null, null, null, null, peak, List.of(), null, budget);
        return BudgetTable.of(new ResultsFile(1, null, List.of(target), null));
    }
}
