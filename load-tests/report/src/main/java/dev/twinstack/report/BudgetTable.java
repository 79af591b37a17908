package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import dev.twinstack.results.Budget;
import dev.twinstack.results.Results;
import dev.twinstack.results.TargetResult;
import java.util.List;
import java.util.Optional;

/**
 * Predicted worst case beside the measured peak, per target, with the arithmetic: built once for the page and
 * report.md. Empty when results.json carries no budget at all.
 */
record BudgetTable(List<Row> rows) {

    static final List<String> HEADINGS = List.of(
            "target", "predicted worst case", "limit (database's share)", "measured peak", "verdict", "arithmetic");

    record Row(String target, String predicted, String limit, String measured, String verdict, String arithmetic) {

        List<String> cells() {
            return List.of(target, predicted, limit, measured, verdict, arithmetic);
        }
    }

    static BudgetTable of(Results results) {
        if (results.targets().stream().allMatch(t -> t.budget().isEmpty())) {
            return new BudgetTable(List.of());
        }
        return new BudgetTable(results.targets().stream().map(BudgetTable::row).toList());
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    private static Row row(TargetResult target) {
        Figures.TargetFigures f = Figures.of(target);
        Optional<Budget> budget = target.budget();
        Optional<Long> limit = budget.map(Budget::limit);
        return new Row(
                target.name(),
                f.predictedConnections()
                        .map(p -> Format.count(p, "connections"))
                        .orElse(NOT_MEASURED),
                limit.map(l -> Format.count(l, "connections")).orElse(NOT_MEASURED),
                Format.count(f.peakConnections(), "connections"),
                verdict(f, limit),
                budget.map(Budget::formula).orElse(NOT_MEASURED));
    }

    private static String verdict(Figures.TargetFigures f, Optional<Long> limit) {
        if (f.predictedConnections().isEmpty()) {
            return NOT_MEASURED;
        }
        String measured = f.withinBudget().orElse(true)
                ? "measured peak within the prediction"
                : "measured peak EXCEEDS the prediction";
        boolean canExhaust = limit.isPresent() && f.predictedConnections().get() > limit.get();
        return canExhaust ? measured + "; the worst case can exhaust the database" : measured;
    }
}
