package io.kaskade.test.structure;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A {@code key}/{@code value} pair as structure-test files write environment variables and labels.
 *
 * @param isRegex whether {@code value} is a regular expression the actual value must contain a match of
 */
public record KeyValue(
        String key, String value, @JsonProperty("isRegex") boolean isRegex) {
    public KeyValue {
        value = value == null ? "" : value;
    }
}
