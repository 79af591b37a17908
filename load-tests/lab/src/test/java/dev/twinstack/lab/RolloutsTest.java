package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Deployment controller's rolling-update arithmetic and the kubelet's restart back-off. */
class RolloutsTest {

    @Test
    void surgesOneThenReplacesOneAtATimeWithMaxSurgeOneAndNoneUnavailable() {
        assertEquals(List.of("start 1", "stop 1", "start 1", "stop 1"), steps(2, 1, 0));
    }

    @Test
    void stopsFirstWhenNoSurgeIsAllowed() {
        assertEquals(List.of("stop 1", "start 1", "stop 1", "start 1"), steps(2, 0, 1));
    }

    @Test
    void replacesAllAtOnceWhenTheBoundsAllowIt() {
        assertEquals(List.of("start 3", "stop 3"), steps(3, 3, 0));
    }

    @Test
    void neverLetsReadyPodsFallBelowReplicasLessMaxUnavailable() {
        assertEquals(0, Rollouts.toStop(2, 0, 2, 2, 0));
        assertEquals(1, Rollouts.toStop(2, 0, 2, 2, 1));
        assertEquals(2, Rollouts.toStop(4, 1, 4, 4, 1));
    }

    @Test
    void stopsOldPodsThatAreNotReadyAtOnce() {
        assertEquals(1, Rollouts.toStop(2, 0, 2, 1, 0));
    }

    @Test
    void restartsTheFirstCrashAtOnceThenBacksOffDoublingToFiveMinutes() {
        assertEquals(0, Rollouts.backOffSeconds(1));
        assertEquals(10, Rollouts.backOffSeconds(2));
        assertEquals(20, Rollouts.backOffSeconds(3));
        assertEquals(160, Rollouts.backOffSeconds(6));
        assertEquals(300, Rollouts.backOffSeconds(7));
        assertEquals(300, Rollouts.backOffSeconds(60));
    }

    /** The controller's decisions when every new pod becomes ready before the next decision. */
    private static List<String> steps(int replicas, int surge, int unavailable) {
        List<String> steps = new ArrayList<>();
        int old = replicas;
        int fresh = 0;
        for (int round = 0; round < 20 && (old > 0 || fresh < replicas); round++) {
            int start = Rollouts.toStart(replicas, surge, old, fresh);
            if (start > 0) {
                steps.add("start " + start);
                fresh += start;
                continue;
            }
            int stop = Rollouts.toStop(replicas, unavailable, old, old, fresh);
            if (stop > 0) {
                steps.add("stop " + stop);
                old -= stop;
            }
        }
        return steps;
    }
}
