package dev.twinstack.collect;

import java.util.Arrays;
import java.util.List;

/**
 * Every call the collection makes, named once: the AWS actions of its requests and the Kubernetes rules of its
 * requests. The stand-in servers of the tests record what the code really calls and compare it with these; the IAM
 * policy ({@code iam-policy.json}) and the Role ({@code rbac.yaml}) beside this module's pom are checked to grant
 * exactly these, nothing more.
 */
public final class Permissions {

    private Permissions() {}

    /** The AWS actions, each with what its resource can be narrowed to. */
    public enum AwsAction {
        /** Starts the Logs Insights query over the function's log group: the one action scoped to it. */
        START_QUERY("logs:StartQuery", Scope.LOG_GROUP),
        /**
         * Reads a query's results by its id. The Service Authorization Reference lists no resource type for it, so a
         * statement can only grant it on {@code *}.
         */
        GET_QUERY_RESULTS("logs:GetQueryResults", Scope.ANY),
        /** Stops a query that did not finish in time; by query id, no resource type either. */
        STOP_QUERY("logs:StopQuery", Scope.ANY),
        /** Reads metrics; CloudWatch supports no resource-level scoping for it: {@code *}. */
        GET_METRIC_DATA("cloudwatch:GetMetricData", Scope.ANY);

        public final String action;
        public final Scope scope;

        AwsAction(String action, Scope scope) {
            this.action = action;
            this.scope = scope;
        }

        /** {@code StartQuery} is {@code logs:StartQuery}. */
        public static AwsAction ofOperation(String service, String operation) {
            return Arrays.stream(values())
                    .filter(a -> a.action.equals(service + ":" + operation))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalArgumentException("the collection does not call " + service + ":" + operation));
        }
    }

    /** What an action's statement can be narrowed to. */
    public enum Scope {
        /** The function's log group, {@code arn:aws:logs:REGION:ACCOUNT:log-group:/aws/lambda/FUNCTION:*}. */
        LOG_GROUP,
        /** Nothing narrower than {@code *}: the action has no resource type. */
        ANY
    }

    /**
     * One Kubernetes permission: a verb on a resource of an API group ({@code ""}: the core group).
     *
     * @param apiGroup the API group, {@code ""} for the core group
     * @param resource the resource, plural
     * @param verb the verb
     */
    public record KubernetesRule(String apiGroup, String resource, String verb) {}

    /** The Kubernetes requests: the Deployment read, its pods listed, their CPU listed from the metrics API. */
    public static final List<KubernetesRule> KUBERNETES = List.of(
            new KubernetesRule("apps", "deployments", "get"),
            new KubernetesRule("", "pods", "list"),
            new KubernetesRule("metrics.k8s.io", "pods", "list"));
}
