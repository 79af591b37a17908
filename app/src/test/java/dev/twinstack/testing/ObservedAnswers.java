package dev.twinstack.testing;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Records every answer the tests' HTTP requests get (RestAssured filter; specs may send from several threads), so that
 * what the specs observed can be compared with what the OpenAPI document says.
 */
public final class ObservedAnswers implements Filter {

    /** The response headers that the service sets itself and the document must list where they occur. */
    public static final Set<String> SERVICE_HEADERS =
            Set.of("Location", "Idempotent-Replayed", "Retry-After", "X-Cold-Start");

    /** One request and its answer: the path without query, the media type without parameters (null: no body). */
    public record Answer(String method, String path, int status, String mediaType, Set<String> headers) {

        @Override
        public String toString() {
            return method + " " + path + " -> " + status;
        }
    }

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
        Response answer = context.next(request, response);
        String contentType = answer.getContentType();
        answers.add(new Answer(
                request.getMethod(),
                URI.create(request.getURI()).getRawPath(),
                answer.getStatusCode(),
                contentType == null || contentType.isBlank() ? null : contentType.split(";")[0].trim(),
                SERVICE_HEADERS.stream()
                        .filter(name -> answer.getHeader(name) != null)
                        .collect(Collectors.toUnmodifiableSet())));
        return answer;
    }

    public List<Answer> answers() {
        return List.copyOf(answers);
    }
}
