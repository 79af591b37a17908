package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.collect.Collection;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Extras;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A deployment the lab does not run: a real API Gateway URL or Ingress, given as {@code name=url}. The same scenario
 * runs against it. What only a local run can see (Lambda's invocation records, the proxy stand-in's pool) the
 * platform itself tells, where the run names what to read ({@code lab.awsFunction}, {@code lab.awsProxy},
 * {@code lab.k8sDeployment}, {@code lab.dbReadOnlyUrl}): the collection opens when the target starts and is read when
 * its load is over.
 */
final class ExternalTarget implements Target {

    private final String name;
    private final String baseUrl;
    private final Optional<Collection.Plan> plan;
    private final Collection.Clients clients;
    private Collection collection;
    private Collection.Outcome outcome;

    ExternalTarget(String name, String baseUrl, Optional<Collection.Plan> plan, Collection.Clients clients) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.plan = plan;
        this.clients = clients;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "a deployment at " + baseUrl
                + plan.map(p -> ", its figures collected from "
                                + String.join(
                                        ", ",
                                        List.of(
                                                        p.function().map(f -> "Lambda function " + f),
                                                        p.proxy().map(x -> "RDS Proxy " + x),
                                                        p.deployment()
                                                                .map(d -> "Deployment "
                                                                        + p.namespace()
                                                                                .orElse("default") + "/" + d),
                                                        p.jdbcUrl().map(u -> "its database (read-only)"))
                                                .stream()
                                                .flatMap(Optional::stream)
                                                .toList()))
                        .orElse("");
    }

    @Override
    public String applicationName() {
        return null;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void start() throws Exception {
        if (plan.isPresent()) {
            collection = Collection.start(plan.get(), clients);
        }
    }

    /** Unknown from here: the deploy files' bounds come from the analysis command instead. */
    @Override
    public ConnectionBudget.Bound predictedConnections() {
        return null;
    }

    @Override
    public List<String> caveats() {
        List<String> caveats = new ArrayList<>();
        if (outcome != null) {
            outcome.failures()
                    .forEach(f ->
                            caveats.add(name + ": collecting " + f + " (that part is left out of the run's figures)"));
        }
        if (plan.isPresent()) {
            caveats.add("A deployment's CloudWatch figures are the platform's own: its metrics per 60 s period over"
                    + " the minutes around the run, its REPORT figures aggregated by one Logs Insights query over the"
                    + " run's window (text-format logs); the cluster's and the database's are sampled every "
                    + plan.get().interval().toMillis()
                    + " ms. Other traffic to the same deployment is counted too.");
        }
        return caveats;
    }

    /** The collected figures, read once the load is over (after the settle time for CloudWatch's late data). */
    @Override
    public Extras extras() {
        if (collection == null) {
            return Extras.NONE;
        }
        if (outcome == null) {
            System.out.printf(
                    "[lab] %s: reading what its platform says of the run%s ...%n",
                    name,
                    plan.orElseThrow().function().isPresent()
                                    || plan.orElseThrow().proxy().isPresent()
                            ? " (CloudWatch after "
                                    + plan.orElseThrow().settle().toSeconds() + " s for late data)"
                            : "");
            try {
                outcome = collection.finish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while collecting " + name, e);
            }
        }
        return outcome.extras();
    }

    @Override
    public List<ConnectionSample> connections() {
        return outcome == null ? List.of() : outcome.connections();
    }

    @Override
    public void close() {
        if (collection != null) {
            collection.close();
        }
    }
}
