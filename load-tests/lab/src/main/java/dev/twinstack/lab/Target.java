package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import java.time.Duration;
import java.util.Map;

/** One deployment target of the lab, reachable over HTTP on loopback. */
interface Target extends AutoCloseable {

    /** Short name used in results and on the terminal: {@code lambda}, {@code lambda+proxy}, {@code k8s}. */
    String name();

    /** One line saying what stands in for what. */
    String description();

    /** The application-name prefix its database connections carry. */
    String applicationName();

    String baseUrl();

    /** Starts the target; returns when it accepts requests. */
    void start() throws Exception;

    /** The worst case of database connections this target can open, as the lab configured it, with the arithmetic. */
    ConnectionBudget.Bound predictedConnections();

    /**
     * Waits until the target's own records account for the {@code answered} requests its clients saw answered; false
     * if they still do not after {@code deadline}, a safety net. Targets without records of their own have nothing to
     * wait for.
     */
    default boolean awaitRecorded(long answered, Duration deadline) throws InterruptedException {
        return true;
    }

    /** Errors by cause as the client saw them, refined where the target knows better (Lambda's own outcomes). */
    default RequestStats.Summary refineCauses(RequestStats.Summary clientView) {
        return clientView;
    }

    /** What only this target knows (replica start times, invocation records ...), for results.json. */
    Map<String, Object> extras();

    @Override
    void close();
}
