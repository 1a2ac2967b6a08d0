package io.kaskade.cli.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kaskade.cli.KaskadeCommand;
import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code kaskade trigger} against a stand-in trigger API on loopback. */
class TriggerCommandTest {

    private HttpServer server;
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private volatile int status = 201;
    private volatile String response = "{\"runId\":\"run-42\",\"status\":\"accepted\"}";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/runs", exchange -> {
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private record Outcome(int exit, String out, String err) {}

    private static Outcome kaskade(String... args) {
        return kaskade(Map.of(), args);
    }

    private static Outcome kaskade(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = KaskadeCommand.execute(
                new CliContext(Path.of("."), Path.of("target/kaskade-home"), env, console), args);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheRunIdAloneOnStdoutAndSendsAnAbsoluteRepoPath() throws Exception {
        Outcome result =
                kaskade("trigger", "--repo", "src", "--ref", "main", "--profile", "a", "-p", "b", "--server", url());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("run-42" + System.lineSeparator());
        JsonNode body = new ObjectMapper().readTree(requestBody.get());
        assertThat(body.get("repo").asText())
                .isEqualTo(Path.of("src").toAbsolutePath().normalize().toString());
        assertThat(body.get("ref").asText()).isEqualTo("main");
        assertThat(body.has("commit")).isFalse();
        assertThat(body.get("profiles")).extracting(JsonNode::asText).containsExactly("a", "b");
    }

    @Test
    void urlsArePassedAsTheyAre() throws Exception {
        Outcome result =
                kaskade("trigger", "--repo", "https://example.invalid/x.git", "--commit", "abc123", "--server", url());

        assertThat(result.exit()).isZero();
        JsonNode body = new ObjectMapper().readTree(requestBody.get());
        assertThat(body.get("repo").asText()).isEqualTo("https://example.invalid/x.git");
        assertThat(body.get("commit").asText()).isEqualTo("abc123");
    }

    @Test
    void aRefusalPrintsTheServersMessageOnStderrAndExitsNonZero() {
        status = 422;
        response = "{\"code\":\"NO_SKAFFOLD_YAML\",\"message\":\"no skaffold.yaml at the repository root\"}";

        Outcome result = kaskade("trigger", "--repo", "/nowhere", "--server", url());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("HTTP 422").contains("no skaffold.yaml at the repository root");
    }

    @Test
    void anUnreachableServerIsNamed() {
        String gone = url();
        server.stop(0);
        Outcome result = kaskade("trigger", "--repo", "/x", "--server", gone);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("does not answer at " + gone);
    }

    @Test
    void repoIsRequired() {
        Outcome result = kaskade("trigger", "--server", url());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--repo=NAME|PATH|URL'");
    }

    @Test
    void variablesDefaultRepoAndTheTokenAreSent() throws Exception {
        Outcome result = kaskade(
                Map.of("KASKADE_API_TOKEN", "tok-123"),
                "trigger",
                "--repo",
                "acme/app",
                "--var",
                "DEPLOY_ENV=prod",
                "--var",
                "REGION=eu",
                "--default-repo",
                "127.0.0.1:5000/team",
                "--server",
                url());

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode body = new ObjectMapper().readTree(requestBody.get());
        assertThat(body.get("repo").asText())
                .as("a registered name is sent as it is")
                .isEqualTo("acme/app");
        assertThat(body.get("variables").get("DEPLOY_ENV").asText()).isEqualTo("prod");
        assertThat(body.get("variables").get("REGION").asText()).isEqualTo("eu");
        assertThat(body.get("defaultRepo").asText()).isEqualTo("127.0.0.1:5000/team");
        assertThat(authorization.get()).isEqualTo("Bearer tok-123");
    }

    @Test
    void secretsAreSentButNeverPrinted() throws Exception {
        Outcome result = kaskade(
                Map.of("FROM_ENV", "env-secret-value"),
                "trigger",
                "--repo",
                "acme/app",
                "--secret",
                "NPM_TOKEN=cli-secret-value",
                "--secret",
                "FROM_ENV",
                "--var",
                "PLAIN=x",
                "--server",
                url());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("run-42" + System.lineSeparator());
        assertThat(result.out() + result.err())
                .doesNotContain("cli-secret-value")
                .doesNotContain("env-secret-value");
        JsonNode body = new ObjectMapper().readTree(requestBody.get());
        assertThat(body.get("secrets").get("NPM_TOKEN").asText()).isEqualTo("cli-secret-value");
        assertThat(body.get("secrets").get("FROM_ENV").asText())
                .as("NAME alone reads the environment")
                .isEqualTo("env-secret-value");
        assertThat(body.get("variables").has("NPM_TOKEN")).isFalse();
    }

    @Test
    void aSecretWithoutAValueIsRefusedByName() {
        Outcome result = kaskade("trigger", "--repo", "acme/app", "--secret", "NOT_SET_ANYWHERE", "--server", url());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("NOT_SET_ANYWHERE").contains("no value");
        assertThat(requestBody.get()).as("nothing was sent").isNull();
    }

    @Test
    void theTokenComesFromTheStacksStateFolder() throws Exception {
        Path home = java.nio.file.Files.createTempDirectory("kaskade-home");
        String token = ApiToken.ensure(home);
        assertThat(ApiToken.ensure(home)).as("generated once").isEqualTo(token);
        assertThat(java.nio.file.Files.getPosixFilePermissions(home.resolve(ApiToken.FILE)))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int exit = KaskadeCommand.execute(
                new CliContext(Path.of("."), home, Map.of(), console),
                "trigger",
                "--repo",
                "acme/app",
                "--server",
                url());
        assertThat(exit).isZero();
        assertThat(authorization.get()).isEqualTo("Bearer " + token);
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void aRefusalFor401WithoutTokenSaysWhereTheTokenComesFrom() {
        status = 401;
        response = "{\"status\":401,\"error\":\"missing 'Authorization: Bearer TOKEN'\"}";
        Outcome result = kaskade("trigger", "--repo", "acme/app", "--server", url());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("HTTP 401").contains("KASKADE_API_TOKEN");
    }
}
