package io.kaskade.trigger.repository;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RepositoryResourceTest {

    @Test
    void registerListAndRemoveWithoutEverShowingTheSecret() {
        String name = "team/app-" + UUID.randomUUID().toString().substring(0, 8);
        api().contentType(ContentType.JSON)
                .body(Map.of(
                        "url",
                        "https://git.example.invalid/" + name + ".git",
                        "secret",
                        "top-secret-value",
                        "branches",
                        "main",
                        "profiles",
                        List.of("main=production"),
                        "pollInterval",
                        "PT30S"))
                .put("/api/v1/repositories/" + name)
                .then()
                .statusCode(200)
                .body("repository.name", equalTo(name))
                .body("hasSecret", equalTo(true));
        api().get("/api/v1/repositories")
                .then()
                .statusCode(200)
                .body("repository.name", hasItem(name))
                .body("repository.name", hasItem("configured/app"))
                .body(not(containsString("top-secret-value")))
                .body(not(containsString("configured-secret")));
        api().get("/api/v1/repositories/" + name)
                .then()
                .statusCode(200)
                .body("repository.profiles[0]", equalTo("main=production"));
        api().delete("/api/v1/repositories/" + name).then().statusCode(204);
        api().get("/api/v1/repositories/" + name).then().statusCode(404);
        api().delete("/api/v1/repositories/" + name).then().statusCode(404);
    }

    @Test
    void configuredRepositoriesCannotBeChangedThroughTheApi() {
        api().delete("/api/v1/repositories/configured/app")
                .then()
                .statusCode(409)
                .body("error", containsString("kaskade.trigger.repositories"));
        api().contentType(ContentType.JSON)
                .body(Map.of("url", "https://elsewhere.invalid/x.git"))
                .put("/api/v1/repositories/configured/app")
                .then()
                .statusCode(409);
    }

    @Test
    void invalidRegistrationsNameTheProblem() {
        api().contentType(ContentType.JSON)
                .body(Map.of("url", "https://git.example.invalid/x.git", "branches", "main("))
                .put("/api/v1/repositories/team/bad")
                .then()
                .statusCode(400)
                .body("error", containsString("'branches'"));
        api().contentType(ContentType.JSON)
                .body(Map.of("secret", "s"))
                .put("/api/v1/repositories/team/bad")
                .then()
                .statusCode(400)
                .body("error", containsString("'url'"));
        api().contentType(ContentType.JSON)
                .body(Map.of("url", "https://git.example.invalid/x.git", "profiles", List.of("nope")))
                .put("/api/v1/repositories/team/bad")
                .then()
                .statusCode(400)
                .body("error", containsString("REGEX=PROFILE"));
    }

    private static RequestSpecification api() {
        return given().header("Authorization", "Bearer test-token");
    }
}
