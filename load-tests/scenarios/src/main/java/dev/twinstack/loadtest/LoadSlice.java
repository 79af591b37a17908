package dev.twinstack.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * One load generator's part of a profile when several generate it together (a Kubernetes Indexed Job, or the lab's
 * rehearsal with {@code lab.loadGenerators}): generator {@code index} of {@code count}.
 *
 * <p>The profile's arrivals are dealt to the generators like cards, in order, over the whole run: arrival {@code k}
 * goes to generator {@code k mod count}. So every step's parts add up to the step's arrivals exactly (8 flows/s for 50
 * s over 3 generators: 134, 133 and 133 flows), no generator gets more than one flow more than another over the run,
 * and each part's rates are the step's rates in the proportion of its arrivals, so they add up to the profile's rates.
 * A generator whose part of a step is empty idles for the step's length, so all keep the same timeline.
 *
 * <p>Read from {@code loadGenerators} ({@code LOAD_GENERATORS}, default 1) and {@code loadGenerator}
 * ({@code LOAD_GENERATOR}, or {@code JOB_COMPLETION_INDEX}, which Kubernetes sets in every pod of an Indexed Job).
 */
public record LoadSlice(int index, int count) {

    public static final LoadSlice WHOLE = new LoadSlice(0, 1);

    public LoadSlice {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "load generator " + index + " of " + count + ": the index runs from 0 to the count less one");
        }
    }

    public static LoadSlice fromSystem() {
        int count = Integer.parseInt(RunSettings.read("loadGenerators", "LOAD_GENERATORS", "1"));
        String index = RunSettings.read("loadGenerator", "LOAD_GENERATOR", null);
        if (index == null) {
            index = System.getenv().getOrDefault("JOB_COMPLETION_INDEX", "0");
        }
        return new LoadSlice(Integer.parseInt(index), count);
    }

    /** This generator's part of every step. */
    public List<LoadProfile.Step> of(List<LoadProfile.Step> steps) {
        List<LoadProfile.Step> parts = new ArrayList<>(steps.size());
        long dealt = 0;
        for (LoadProfile.Step step : steps) {
            parts.add(step.part(dealtHere(dealt + step.users()) - dealtHere(dealt)));
            dealt += step.users();
        }
        return parts;
    }

    /** How many of the first {@code arrivals} arrivals this generator gets. */
    private long dealtHere(long arrivals) {
        return (arrivals - index + count - 1) / count;
    }
}
