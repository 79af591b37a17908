package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.lambdalocal.InvocationRecord;
import dev.twinstack.lambdalocal.Outcome;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Restore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each failed request through the HTTP API takes its cause from its invocation's record, not from the 500 alone. */
class LambdaCausesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T21:30:00Z");

    @Test
    void tellsThrottlesFromFunctionErrorsInTheOrderTheyEnded() {
        Function<RequestRecord, Optional<ErrorCause>> causes = LambdaTarget.causesFrom(List.of(
                invocation(300, 5, 500, Outcome.FUNCTION_ERROR),
                invocation(100, 2, 500, Outcome.THROTTLED),
                invocation(200, 2, 500, Outcome.THROTTLED),
                invocation(50, 10, 200, Outcome.SUCCESS)));

        assertEquals(Optional.empty(), causes.apply(request(70, 200)));
        assertEquals(Optional.of(ErrorCause.THROTTLE), causes.apply(request(103, 500)));
        assertEquals(Optional.of(ErrorCause.THROTTLE), causes.apply(request(203, 500)));
        assertEquals(Optional.of(ErrorCause.FUNCTION_ERROR), causes.apply(request(306, 500)));
    }

    @Test
    void takesTheApisOwn503AsItsIntegrationTimeoutAndTheFunctionsOwn503AsSaturation() {
        Function<RequestRecord, Optional<ErrorCause>> causes = LambdaTarget.causesFrom(List.of(
                invocation(0, 30_000, 503, Outcome.FUNCTION_ERROR), invocation(40_000, 5, 503, Outcome.SUCCESS)));

        assertEquals(Optional.of(ErrorCause.INTEGRATION_TIMEOUT), causes.apply(request(30_001, 503)));
        assertEquals(Optional.of(ErrorCause.SATURATION), causes.apply(request(40_006, 503)));
    }

    @Test
    void keepsWhatTheClientSawWhenNoInvocationAnswers() {
        Function<RequestRecord, Optional<ErrorCause>> causes =
                LambdaTarget.causesFrom(List.of(invocation(100, 2, 500, Outcome.THROTTLED)));

        assertEquals(Optional.of(ErrorCause.THROTTLE), causes.apply(request(103, 500)));
        assertEquals(Optional.of(ErrorCause.SERVER_ERROR), causes.apply(request(104, 500)));
        assertEquals(Optional.of(ErrorCause.NO_RESPONSE), causes.apply(request(105, 0)));
    }

    @Test
    void carriesEveryOutcomeOfTheLocalLambdaServiceIntoResults() {
        for (Outcome outcome : Outcome.values()) {
            InvocationRecord record = new InvocationRecord(
                    "2026-11-23T21:30:00.123456Z",
                    "r",
                    null,
                    false,
                    false,
                    0,
                    0,
                    0,
                    0,
                    1.5,
                    2,
                    2.5,
                    0.25,
                    500,
                    outcome,
                    null,
                    null,
                    null);

            Invocation invocation = LambdaTarget.invocation(record);

            assertEquals(InvocationOutcome.valueOf(outcome.name()), invocation.outcome());
            assertEquals(Instant.parse("2026-11-23T21:30:00.123456Z"), invocation.time());
            assertEquals(Optional.empty(), invocation.environmentId());
        }
    }

    @Test
    void carriesARestoresDurationsAndNoInitDuration() {
        InvocationRecord record = new InvocationRecord(
                "2026-11-23T21:30:00Z",
                "r",
                "env-2",
                true,
                true,
                0,
                312.46,
                13,
                42.5,
                242.51,
                243,
                560.1,
                0.4,
                200,
                Outcome.SUCCESS,
                null,
                1L,
                2L);

        Invocation invocation = LambdaTarget.invocation(record);

        assertEquals(true, invocation.restored());
        assertEquals(Optional.of(new Restore(312.46, 13, 42.5)), invocation.restore());
        assertEquals(0, invocation.initMs());
    }

    @Test
    void carriesAnOnDemandColdStartWithoutARestore() {
        Invocation invocation = invocation(0, 2210, 200, Outcome.SUCCESS);

        assertEquals(Optional.empty(), invocation.restore());
    }

    private static Invocation invocation(long startMs, double latencyMs, int status, Outcome outcome) {
        return LambdaTarget.invocation(new InvocationRecord(
                T0.plusMillis(startMs).toString(),
                "req-" + startMs,
                outcome == Outcome.THROTTLED ? null : "env-1",
                false,
                false,
                0,
                0,
                0,
                0,
                latencyMs,
                (long) Math.ceil(latencyMs),
                latencyMs,
                0.1,
                status,
                outcome,
                outcome == Outcome.SUCCESS ? null : outcome.name(),
                null,
                null));
    }

    private static RequestRecord request(long endMs, int status) {
        return new RequestRecord(T0.plusMillis(endMs).toEpochMilli(), "place order", status, Optional.of(3L), false);
    }
}
