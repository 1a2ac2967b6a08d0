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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code kaskade repo add|list|remove} against a stand-in of the repositories API on loopback. */
class RepoCommandTest {

    private record Call(String method, String path, String body, String authorization) {}

    private HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/repositories", exchange -> {
            calls.add(new Call(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            String answer = switch (exchange.getRequestMethod()) {
                case "GET" ->
                    "[{\"repository\":{\"name\":\"acme/app\",\"url\":\"https://git.example.invalid/acme/app.git\","
                            + "\"branches\":\"main\",\"profiles\":[\"main=production\"],\"pollInterval\":60.0},\"hasSecret\":true}]";
                case "PUT" -> "{\"repository\":{\"name\":\"acme/app\"},\"hasSecret\":true}";
                default -> "";
            };
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(bytes.length == 0 ? 204 : 200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void addSendsTheRegistrationWithTheToken() throws Exception {
        Outcome result = kaskade(
                "repo",
                "add",
                "acme/app",
                "--url",
                "https://git.example.invalid/acme/app.git",
                "--secret",
                "s3",
                "--branches",
                "main|release-.*",
                "--profile",
                "main=production",
                "--profile",
                ".*=dev",
                "--var",
                "DEPLOY_ENV=prod",
                "--poll",
                "90s",
                "--server",
                url());
        assertThat(result.exit()).as(result.err()).isZero();
        Call call = calls.get(0);
        assertThat(call.method()).isEqualTo("PUT");
        assertThat(call.path()).isEqualTo("/api/v1/repositories/acme/app");
        assertThat(call.authorization()).isEqualTo("Bearer tok");
        JsonNode body = new ObjectMapper().readTree(call.body());
        assertThat(body.get("url").asText()).isEqualTo("https://git.example.invalid/acme/app.git");
        assertThat(body.get("secret").asText()).isEqualTo("s3");
        assertThat(body.get("branches").asText()).isEqualTo("main|release-.*");
        assertThat(body.get("profiles")).extracting(JsonNode::asText).containsExactly("main=production", ".*=dev");
        assertThat(body.get("variables").get("DEPLOY_ENV").asText()).isEqualTo("prod");
        assertThat(body.get("pollInterval").asText()).isEqualTo("PT90S");
    }

    @Test
    void secretVariablesAreSentButNeverPrinted() throws Exception {
        Outcome result = kaskade(
                "repo",
                "add",
                "acme/app",
                "--url",
                "https://git.example.invalid/acme/app.git",
                "--secret-var",
                "NPM_TOKEN=repo-secret-value",
                "--server",
                url());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out() + result.err()).doesNotContain("repo-secret-value");
        JsonNode body = new ObjectMapper().readTree(calls.get(0).body());
        assertThat(body.get("secretVariables").get("NPM_TOKEN").asText()).isEqualTo("repo-secret-value");
        assertThat(body.has("variables")).isFalse();
    }

    @Test
    void listShowsWhetherThereIsASecretAndRemoveDeletes() {
        Outcome listed = kaskade("repo", "list", "--server", url());
        assertThat(listed.exit()).isZero();
        assertThat(listed.out())
                .contains("acme/app")
                .contains("https://git.example.invalid/acme/app.git")
                .contains("yes")
                .contains("60s");
        Outcome removed = kaskade("repo", "remove", "acme/app", "--server", url());
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(calls).extracting(Call::method).containsExactly("GET", "DELETE");
        assertThat(calls.get(1).path()).isEqualTo("/api/v1/repositories/acme/app");
    }

    @Test
    void aBadPollDurationIsNamed() {
        Outcome result = kaskade(
                "repo", "add", "acme/app", "--url", "https://x.invalid/a.git", "--poll", "soon", "--server", url());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("--poll soon");
        assertThat(calls).isEmpty();
    }

    private record Outcome(int exit, String out, String err) {}

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Outcome kaskade(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = KaskadeCommand.execute(
                new CliContext(
                        Path.of("."), Path.of("target/kaskade-home"), Map.of("KASKADE_API_TOKEN", "tok"), console),
                args);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
