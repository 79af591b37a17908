package dev.twinstack.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** results.json: what one lab run measured, per target, with its parameters and caveats. Schema in the README. */
record Results(int schema, Run run, List<TargetResult> targets) {

    record Run(
            String startedAt,
            String profile,
            double scale,
            int burstGapSeconds,
            int seedUsers,
            Map<String, Object> machine,
            Map<String, String> versions,
            int maxConnections,
            List<String> caveats) {}

    record TargetResult(
            String name,
            String description,
            boolean slosMet,
            String gatlingReport,
            RequestStats.Summary requests,
            int peakConnections,
            Prediction budget,
            List<ActivitySampler.Sample> connections,
            Map<String, Object> extras) {}

    /** The predicted worst case beside what was measured; a measured peak above it fails the run. */
    record Prediction(long predicted, long limit, String formula, boolean measuredWithin) {}

    void write(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }
}
