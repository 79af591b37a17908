package dev.twinstack.results;

/**
 * How a SnapStart restore went, as REPORT and the local Lambda service give it.
 *
 * @param restoreMs REPORT's Restore Duration: the snapshot thawed, the runtime resumed and its after-restore hooks run
 * @param billedRestoreMs REPORT's Billed Restore Duration: the runtime's part only (loading the snapshot is not billed)
 * @param snapshotWaitMs how long the restore waited for a snapshot copy to finish its init because none was ready (0:
 *     the copies published before the load sufficed); a wait AWS does not have, since it restores from one snapshot
 */
public record Restore(double restoreMs, long billedRestoreMs, double snapshotWaitMs) {}
