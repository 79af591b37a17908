package dev.twinstack.results;

import java.util.Map;

/**
 * The client sessions of a target that went through the RDS Proxy stand-in, as the lab's tap in front of it saw them,
 * judged by RDS Proxy's documented pinning conditions for PostgreSQL (the toolkit's {@code RdsProxyPinning}).
 *
 * @param sessions client sessions opened through the stand-in (cancel requests are not sessions)
 * @param wouldPin those that sent anything that would pin them on RDS Proxy
 * @param byReason sessions by the condition they met, by its name in {@code RdsProxyPinning.Reason} (a session that met
 *     several is counted under each; conditions no session met left out)
 */
public record Pinning(int sessions, int wouldPin, Map<String, Integer> byReason) {

    public Pinning {
        byReason = Copies.inOrder(byReason);
    }
}
