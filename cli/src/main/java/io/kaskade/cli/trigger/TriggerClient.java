package io.kaskade.cli.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts runs through the trigger-service's HTTP API ({@code POST /api/v1/runs}). */
public final class TriggerClient {

    /**
     * What to run: a repository (registered name, local path or git URL), optionally a ref, a commit,
     * profiles, run variables, a default repo and secret run variables (sealed by the service, never echoed).
     */
    public record RunRequest(
            String repo,
            String ref,
            String commit,
            List<String> profiles,
            Map<String, String> variables,
            String defaultRepo,
            Map<String, String> secrets) {
        public RunRequest {
            profiles = profiles == null ? List.of() : List.copyOf(profiles);
            variables = variables == null ? Map.of() : Map.copyOf(variables);
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        }

        public RunRequest(
                String repo,
                String ref,
                String commit,
                List<String> profiles,
                Map<String, String> variables,
                String defaultRepo) {
            this(repo, ref, commit, profiles, variables, defaultRepo, null);
        }

        public RunRequest(String repo, String ref, String commit, List<String> profiles) {
            this(repo, ref, commit, profiles, null, null, null);
        }

        /** Never the secrets' values: a request may end up in an exception message or a debug print. */
        @Override
        public String toString() {
            return "RunRequest[repo=" + repo + ", ref=" + ref + ", commit=" + commit + ", profiles=" + profiles
                    + ", variables=" + variables + ", defaultRepo=" + defaultRepo + ", secrets=" + secrets.keySet()
                    + "]";
        }
    }

    private final TriggerApi api;

    public TriggerClient(String server) {
        this(server, Optional.empty());
    }

    public TriggerClient(String server, Optional<String> token) {
        this.api = new TriggerApi(server, token);
    }

    /**
     * Starts a run.
     *
     * @return the run id
     * @throws TriggerException with the server's message when it refuses, or when it cannot be reached
     */
    public String trigger(RunRequest request) {
        JsonNode answer = api.send("POST", "api/v1/runs", body(request), "the run");
        JsonNode runId = answer == null ? null : answer.get("runId");
        if (runId == null || !runId.isTextual() || runId.asText().isBlank()) {
            throw new TriggerException("the trigger-service answered without a runId: " + answer);
        }
        return runId.asText();
    }

    /**
     * The request body. A repository that exists as a local folder is sent as an absolute path, since the
     * services do not share the CLI's working directory.
     */
    static String body(RunRequest request) {
        ObjectNode body = TriggerApi.MAPPER.createObjectNode();
        body.put("repo", normalizeRepo(request.repo()));
        if (request.ref() != null) {
            body.put("ref", request.ref());
        }
        if (request.commit() != null) {
            body.put("commit", request.commit());
        }
        ArrayNode profiles = body.putArray("profiles");
        request.profiles().forEach(profiles::add);
        if (!request.variables().isEmpty()) {
            ObjectNode variables = body.putObject("variables");
            request.variables().forEach(variables::put);
        }
        if (request.defaultRepo() != null) {
            body.put("defaultRepo", request.defaultRepo());
        }
        if (!request.secrets().isEmpty()) {
            ObjectNode secrets = body.putObject("secrets");
            request.secrets().forEach(secrets::put);
        }
        try {
            return TriggerApi.MAPPER.writeValueAsString(body);
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

    /** The server's own words, see {@link TriggerApi#errorMessage}. */
    static String errorMessage(String body) {
        return TriggerApi.errorMessage(body);
    }
}
