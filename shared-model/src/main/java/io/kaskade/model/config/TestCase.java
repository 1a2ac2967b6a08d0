package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code test[]}: the tests to run against one artifact's image. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TestCase(String image, String context, List<String> structureTests, List<String> structureTestsArgs) {
    public TestCase {
        structureTests = structureTests == null ? List.of() : List.copyOf(structureTests);
        structureTestsArgs = structureTestsArgs == null ? List.of() : List.copyOf(structureTestsArgs);
    }
}
