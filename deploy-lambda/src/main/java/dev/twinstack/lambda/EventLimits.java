package dev.twinstack.lambda;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Lets the function read any event Lambda can deliver. The Lambda extension parses events with a copy of the
 * application's ObjectMapper, which inherits app's strict 64 KiB string limit; an HTTP API event carries the whole
 * request body as one string, so a larger body would fail the invocation (a bare 500 from API Gateway) instead of
 * reaching the application, which answers 413 problem+json. Only the event mapper's own factory is widened: the
 * application's JSON limits stay as they are.
 */
@ApplicationScoped
class EventLimits {

    /** Lambda's synchronous invocation payload limit: no event string can be longer. */
    static final int MAX_EVENT_STRING = 6 * 1024 * 1024;

    void widen(@Observes StartupEvent event) {
        var factory = AmazonLambdaMapperRecorder.objectMapper.getFactory();
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(factory.streamReadConstraints().getMaxNestingDepth())
                .maxNumberLength(factory.streamReadConstraints().getMaxNumberLength())
                .maxStringLength(MAX_EVENT_STRING)
                .build());
    }
}
