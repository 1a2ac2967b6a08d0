package io.kaskade.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every error answer: what is wrong, and the run id if one was assigned. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String runId) {}
