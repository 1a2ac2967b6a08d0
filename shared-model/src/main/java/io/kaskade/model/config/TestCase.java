package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code test[]}: the tests to run against one artifact's image. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TestCase(
        @JsonProperty("image") @Required String image,
        @JsonProperty("context") String context,
        @JsonProperty("custom") List<CustomTest> custom,
        @JsonProperty("structureTests") List<String> structureTests,
        @JsonProperty("structureTestsArgs") List<String> structureTestsArgs) {

    public TestCase {
        custom = custom == null ? List.of() : List.copyOf(custom);
        structureTests = structureTests == null ? List.of() : List.copyOf(structureTests);
        structureTestsArgs = structureTestsArgs == null ? List.of() : List.copyOf(structureTestsArgs);
    }

    /** A structure-test-only test case. */
    public TestCase(String image, String context, List<String> structureTests, List<String> structureTestsArgs) {
        this(image, context, null, structureTests, structureTestsArgs);
    }
}
