package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.Budget;
import dev.twinstack.results.Results;
import dev.twinstack.results.TargetResult;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Predicted beside measured connections, and the verdicts a team must not miss. */
class BudgetTableTest {

    private static final String FORMULA = "reserved concurrency 50 × pool 1 = 50 connections";

    @Test
    void putsEachTargetsPredictionLimitAndPeakSideBySide() throws IOException {
        BudgetTable table = BudgetTable.of(Fixtures.read(Fixtures.THREE_TARGETS));

        assertEquals(
                List.of(
                        "lambda-ondemand",
                        "4 connections",
                        "40 connections",
                        "2 connections",
                        "measured peak within the prediction",
                        "min(MaxConnectionsPercent 10 % × max_connections 40, reserved concurrency 10 × pool 1)"
                                + " = min(4, 10) = 4 connections"),
                table.rows().get(1).cells());
    }

    @Test
    void flagsAWorstCaseAboveTheDatabasesShare() throws IOException {
        BudgetTable table = tableFor(new Budget(50, 40, FORMULA, true), 12);

        assertEquals(
                "measured peak within the prediction; the worst case can exhaust the database",
                table.rows().get(0).verdict());
    }

    @Test
    void flagsAMeasuredPeakAboveThePrediction() throws IOException {
        BudgetTable table = tableFor(new Budget(10, 40, "pool 10 = 10 connections", false), 12);

        assertEquals("measured peak EXCEEDS the prediction", table.rows().get(0).verdict());
    }

    @Test
    void isEmptyWhenNoTargetCarriesABudget() throws IOException {
        assertTrue(BudgetTable.of(Fixtures.read(Fixtures.K8S_ONLY)).isEmpty());
    }

    private static BudgetTable tableFor(Budget budget, int peak) throws IOException {
        Results fixture = Fixtures.read(Fixtures.THREE_TARGETS);
        TargetResult lambda = fixture.targets().get(0);
        TargetResult target = Fixtures.with(lambda, Optional.of(peak), Optional.of(budget), lambda.extras());
        return BudgetTable.of(new Results(Results.SCHEMA, fixture.run(), List.of(target), Optional.empty()));
    }
}
