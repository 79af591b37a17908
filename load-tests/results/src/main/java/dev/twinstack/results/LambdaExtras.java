package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * What the local Lambda service recorded of a run.
 *
 * @param throttles invocations rejected because the reserved concurrency (or the scale-out rate) was exhausted
 * @param environmentsPeak the most invocations in flight at once ({@link Invocation#peakConcurrency}), as
 *     ConcurrentExecutions counts them: each holds an execution environment from receipt to response
 * @param resources each environment's CPU share and memory limit, and whether they were enforced
 * @param runtime the managed runtime modelled and the JDK it ran on
 * @param snapStart the version published before the load and the restores, when SnapStart was on
 * @param invocations every invocation, in completion order
 */
public record LambdaExtras(
        long throttles,
        int environmentsPeak,
        Optional<EnvironmentResources> resources,
        Optional<LambdaRuntime> runtime,
        Optional<SnapStart> snapStart,
        List<Invocation> invocations) {

    public LambdaExtras {
        invocations = List.copyOf(invocations);
    }

    /** The figures of these invocations: throttles counted, and the peak computed, from the records themselves. */
    public static LambdaExtras of(List<Invocation> invocations) {
        return of(invocations, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** As {@link #of(List)}, with what the service says of its environments. */
    public static LambdaExtras of(
            List<Invocation> invocations,
            Optional<EnvironmentResources> resources,
            Optional<LambdaRuntime> runtime,
            Optional<SnapStart> snapStart) {
        long throttles = invocations.stream()
                .filter(i -> i.outcome() == InvocationOutcome.THROTTLED)
                .count();
        return new LambdaExtras(
                throttles, Invocation.peakConcurrency(invocations), resources, runtime, snapStart, invocations);
    }
}
