package io.kaskade.cli.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kaskade.cli.CliContext;
import io.kaskade.cli.Console;
import io.kaskade.cli.KaskadeCommand;
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
    private volatile int status = 201;
    private volatile String response = "{\"runId\":\"run-42\",\"status\":\"accepted\"}";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/runs", exchange -> {
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = KaskadeCommand.execute(new CliContext(Path.of("."), Path.of("target/kaskade-home"), Map.of(), console), args);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheRunIdAloneOnStdoutAndSendsAnAbsoluteRepoPath() throws Exception {
        Outcome result = kaskade("trigger", "--repo", "src", "--ref", "main", "--profile", "a", "-p", "b", "--server", url());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("run-42" + System.lineSeparator());
        JsonNode body = new ObjectMapper().readTree(requestBody.get());
        assertThat(body.get("repo").asText()).isEqualTo(Path.of("src").toAbsolutePath().normalize().toString());
        assertThat(body.get("ref").asText()).isEqualTo("main");
        assertThat(body.has("commit")).isFalse();
        assertThat(body.get("profiles")).extracting(JsonNode::asText).containsExactly("a", "b");
    }

    @Test
    void urlsArePassedAsTheyAre() throws Exception {
        Outcome result = kaskade("trigger", "--repo", "https://example.invalid/x.git", "--commit", "abc123", "--server", url());

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
        assertThat(result.err()).contains("Missing required option: '--repo=PATH|URL'");
    }
}
