package io.kaskade.cli.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Starts runs through the trigger-service's HTTP API ({@code POST /api/v1/runs}). */
public final class TriggerClient {

    /** What to run: a repository (local path or git URL), optionally a ref, a commit and profiles. */
    public record RunRequest(String repo, String ref, String commit, List<String> profiles) {
        public RunRequest {
            profiles = profiles == null ? List.of() : List.copyOf(profiles);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TriggerClient(String server) {
        this.server = URI.create(server.endsWith("/") ? server : server + "/");
    }

    /**
     * Starts a run.
     *
     * @return the run id
     * @throws TriggerException with the server's message when it refuses, or when it cannot be reached
     */
    public String trigger(RunRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(server.resolve("api/v1/runs"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(request)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TriggerException("the trigger-service does not answer at " + server
                    + " (" + e.getClass().getSimpleName() + "): start it with `./kaskade up`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TriggerException("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new TriggerException("the trigger-service refused the run (HTTP " + response.statusCode() + "): "
                    + errorMessage(response.body()));
        }
        try {
            JsonNode runId = MAPPER.readTree(response.body()).get("runId");
            if (runId == null || !runId.isTextual() || runId.asText().isBlank()) {
                throw new TriggerException("the trigger-service answered without a runId: " + response.body());
            }
            return runId.asText();
        } catch (JsonProcessingException e) {
            throw new TriggerException("the trigger-service answered with something that is not JSON: " + response.body());
        }
    }

    /**
     * The request body. A repository that exists as a local folder is sent as an absolute path, since the
     * services do not share the CLI's working directory.
     */
    static String body(RunRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("repo", normalizeRepo(request.repo()));
        if (request.ref() != null) {
            body.put("ref", request.ref());
        }
        if (request.commit() != null) {
            body.put("commit", request.commit());
        }
        ArrayNode profiles = body.putArray("profiles");
        request.profiles().forEach(profiles::add);
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalizeRepo(String repo) {
        if (repo.contains("://") || repo.matches("^[\\w.-]+@[\\w.-]+:.*")) {
            return repo;
        }
        Path path = Path.of(repo);
        return Files.exists(path) ? path.toAbsolutePath().normalize().toString() : repo;
    }

    /** The server's own words: the {@code message}/{@code error}/{@code detail} field of a JSON body, or the body. */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode json = MAPPER.readTree(body);
            for (String field : List.of("message", "error", "detail", "title")) {
                JsonNode value = json == null ? null : json.get(field);
                if (value != null && value.isTextual() && !value.asText().isBlank()) {
                    return value.asText();
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: show it as it is
        }
        return body.strip();
    }
}
