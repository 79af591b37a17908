package dev.twinstack.platform;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Adds to the OpenAPI document what every operation shares, so that the resources list only their own answers: a 401
 * (no caller, with auth on: {@link CallerFilter}), a 500
 * (an unexpected failure, {@link ProblemMappers}) and a 503 (the database unavailable or saturated, or the Kubernetes
 * target's admission refusing) on every operation, and the {@value ColdStart#HEADER} header on every response the REST
 * layer writes. The body limit's 413 ({@link BodyLimit}) is answered before that layer, so it never carries it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocsFilter implements OASFilter {

    /** Status and the component response that describes it. */
    private static final List<Map.Entry<String, String>> EVERY_OPERATION = List.of(
            Map.entry("401", ApiDocs.UNAUTHORIZED),
            Map.entry("500", ApiDocs.INTERNAL_SERVER_ERROR),
            Map.entry("503", ApiDocs.SERVICE_UNAVAILABLE));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().stream()
                .flatMap(path -> path.getOperations().values().stream())
                .forEach(ApiDocsFilter::addSharedAnswers);
        openAPI.getComponents().getResponses().forEach((name, response) -> {
            if (!name.equals(ApiDocs.CONTENT_TOO_LARGE)) {
                markColdStart(response);
            }
        });
    }

    private static void addSharedAnswers(Operation operation) {
        operation.getResponses().getAPIResponses().values().stream()
                .filter(response -> response.getRef() == null)
                .forEach(ApiDocsFilter::markColdStart);
        for (Map.Entry<String, String> answer : EVERY_OPERATION) {
            if (!operation.getResponses().hasAPIResponse(answer.getKey())) {
                operation
                        .getResponses()
                        .addAPIResponse(
                                answer.getKey(), OASFactory.createAPIResponse().ref(answer.getValue()));
            }
        }
    }

    private static void markColdStart(APIResponse response) {
        response.addHeader(ApiDocs.COLD_START, OASFactory.createHeader().ref(ApiDocs.COLD_START));
    }
}
