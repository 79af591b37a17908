package dev.twinstack.results;

import java.util.List;

/**
 * SnapStart in a run: the version published before the load (each copy initialised and checkpointed, as Lambda does
 * once per published version), then the restores during the load.
 *
 * @param copies snapshot copies published before the load
 * @param initMs each copy's Init Duration at publish (its before-checkpoint hooks included), as INIT_REPORT gives it
 * @param publishWallMs from publishing to every copy at its checkpoint
 * @param publishCpuSeconds the copies' CPU time up to their checkpoints
 * @param restores invocations a snapshot copy was restored for
 * @param restoresThatWaited of those, the ones that found no copy ready and waited for one to initialise
 * @param copiesDuringRun copies initialised during the load, or still initialising when it ended (replacing restored
 *     ones, or for a waiting restore): work AWS does not repeat, since it restores every environment from one snapshot
 * @param copiesDuringRunCpuSeconds their CPU time up to their checkpoint or the load's end, spent on this machine's
 *     cores while the load ran
 */
public record SnapStart(
        int copies,
        List<Double> initMs,
        double publishWallMs,
        double publishCpuSeconds,
        long restores,
        long restoresThatWaited,
        int copiesDuringRun,
        double copiesDuringRunCpuSeconds) {

    public SnapStart {
        initMs = List.copyOf(initMs);
    }
}
