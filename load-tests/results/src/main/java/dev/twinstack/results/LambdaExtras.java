package dev.twinstack.results;

import java.util.List;

/**
 * What the local Lambda service recorded of a run.
 *
 * @param throttles invocations rejected because the reserved concurrency (or the scale-out rate) was exhausted
 * @param environmentsPeak the most invocations in flight at once ({@link Invocation#peakConcurrency}), as
 *     ConcurrentExecutions counts them: each holds an execution environment from receipt to response
 * @param invocations every invocation, in completion order
 */
public record LambdaExtras(long throttles, int environmentsPeak, List<Invocation> invocations) {

    public LambdaExtras {
        invocations = List.copyOf(invocations);
    }

    /** The figures of these invocations: throttles counted, and the peak computed, from the records themselves. */
    public static LambdaExtras of(List<Invocation> invocations) {
        long throttles = invocations.stream()
                .filter(i -> i.outcome() == InvocationOutcome.THROTTLED)
                .count();
        return new LambdaExtras(throttles, Invocation.peakConcurrency(invocations), invocations);
    }
}
