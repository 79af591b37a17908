package dev.twinstack.lab;

/**
 * The arithmetic of Kubernetes' Deployment controller in a rolling update, and of the kubelet's restart back-off: the
 * pure part of the rolling restart and pod kill drills.
 */
final class Rollouts {

    /** The kubelet's back-off between restarts of a crashed container starts here and doubles. */
    static final int BACK_OFF_INITIAL_SECONDS = 10;
    /** ... up to this. */
    static final int BACK_OFF_MAX_SECONDS = 300;

    private Rollouts() {}

    /**
     * New pods the controller creates now: up to {@code replicas + maxSurge} pods in all (terminating ones are not
     * counted, as Kubernetes does not count them), and no more new ones than {@code replicas}.
     */
    static int toStart(int replicas, int maxSurge, int oldPods, int newPods) {
        int room = replicas + maxSurge - oldPods - newPods;
        return Math.max(0, Math.min(room, replicas - newPods));
    }

    /**
     * Old pods the controller terminates now: as many as keep {@code replicas - maxUnavailable} pods ready, old and
     * new together, and at most the old pods there are.
     */
    static int toStop(int replicas, int maxUnavailable, int oldPods, int oldReady, int newReady) {
        int spare = oldReady + newReady - (replicas - maxUnavailable);
        // Old pods that are not ready count against nothing: they may go at once.
        int unready = oldPods - oldReady;
        return Math.max(0, Math.min(oldPods, Math.max(0, spare) + unready));
    }

    /**
     * Seconds the kubelet waits before restarting a container that crashed {@code crashes} times in a row: none the
     * first time (no back-off is recorded yet), then 10 s doubling to 5 min.
     */
    static int backOffSeconds(int crashes) {
        if (crashes <= 1) {
            return 0;
        }
        long delay = (long) BACK_OFF_INITIAL_SECONDS << Math.min(crashes - 2, 20);
        return (int) Math.min(delay, BACK_OFF_MAX_SECONDS);
    }
}
