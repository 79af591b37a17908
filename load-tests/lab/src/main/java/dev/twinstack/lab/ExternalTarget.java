package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.results.Extras;

/**
 * A deployment the lab does not run: a real API Gateway URL or Ingress, given as {@code name=url}. The same scenario
 * runs against it; what only a local run can see (database connections, Lambda's invocation records) is left out.
 */
final class ExternalTarget implements Target {

    private final String name;
    private final String baseUrl;

    ExternalTarget(String name, String baseUrl) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "a deployment at " + baseUrl;
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
    public void start() {}

    /** Unknown from here: the deploy files' bounds come from the analysis command instead. */
    @Override
    public ConnectionBudget.Bound predictedConnections() {
        return null;
    }

    @Override
    public Extras extras() {
        return Extras.NONE;
    }

    @Override
    public void close() {}
}
