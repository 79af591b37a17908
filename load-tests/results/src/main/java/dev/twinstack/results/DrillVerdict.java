package dev.twinstack.results;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a drill counts: it must show its fault, and the target must serve again after it. */
public enum DrillVerdict {
    /** The fault was observed (process or database state) and a request succeeded after it. */
    @JsonProperty("recovered")
    RECOVERED,
    /** The lab could not observe the fault taking effect: the drill does not count. */
    @JsonProperty("fault-not-observed")
    FAULT_NOT_OBSERVED,
    /** The fault was observed, but no request succeeded after it before the load ended. */
    @JsonProperty("not-recovered")
    NOT_RECOVERED
}
