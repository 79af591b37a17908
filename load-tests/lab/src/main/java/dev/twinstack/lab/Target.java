package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.lambdalocal.JwtAuthorizer;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Extras;
import dev.twinstack.results.RequestRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** One deployment target of the lab, reachable over HTTP on loopback. */
interface Target extends AutoCloseable {

    /**
     * Short name used in results and on the terminal: {@code lambda}, {@code lambda-ondemand}, {@code lambda-direct},
     * {@code k8s}.
     */
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

    /**
     * Why each request failed (empty for a success): what the client saw, unless the target knows better (Lambda's
     * invocation records). Applied once per request of the run, in the order the requests ended.
     */
    default Function<RequestRecord, Optional<ErrorCause>> causes() {
        return request -> ErrorCause.ofStatus(request.status());
    }

    /**
     * One example trace per route, where the lab received the target's telemetry (after the load; empty where its
     * telemetry is off).
     */
    default List<dev.twinstack.results.Trace> traces() throws InterruptedException {
        return List.of();
    }

    /** What this run of the target could not model as the platform runs it, in plain words (after it ran). */
    default List<String> caveats() {
        return List.of();
    }

    /**
     * Injects a drill's fault into this target ({@link DrillKind#appliesTo}) and returns once it is observed over; the
     * database's and the proxy's drills are the lab's own.
     */
    default void inject(DrillKind drill, FaultLog log) throws Exception {
        throw new UnsupportedOperationException(name() + " takes no " + drill.label() + " drill");
    }

    /** Something the target's model did on its own, such as a replica turning unready, at an epoch ms. */
    record Event(long epochMs, String what) {}

    /**
     * Called when the load is over, before the target's extras are read: a target whose model still acts after the
     * load (an autoscaler scaling in) may go on for a bounded time here.
     */
    default void afterLoad() throws InterruptedException {}

    /** What the target's model did on its own during the run (readiness and rotation changes), in order. */
    default List<Event> events() {
        return List.of();
    }

    /**
     * How the target's callers authenticate, as its deploy files configure it: the service's auth environment, the
     * front's authorizer (Lambda behind HTTP API), what the load generators need to mint their tokens.
     */
    record Auth(
            String mode,
            Map<String, String> environment,
            Optional<JwtAuthorizer> authorizer,
            List<String> generatorProperties,
            String description) {

        static final Auth NONE = new Auth("none", Map.of(), Optional.empty(), List.of(), "none (no bearer tokens)");
    }

    /** How this target's callers authenticate. */
    default Auth auth() {
        return Auth.NONE;
    }

    /** What only this kind of target knows (replica start times, invocation records, PgBouncer's pool). */
    Extras extras();

    /**
     * The target's server connections where it sampled them itself (a deployment the lab does not run, through a
     * read-only URL); called after {@link #extras()}. The lab samples its own database itself.
     */
    default List<ConnectionSample> connections() {
        return List.of();
    }

    @Override
    void close();
}
