package io.kaskade.cli.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registers repositories with the trigger-service ({@code /api/v1/repositories}). */
public final class RepositoryClient {

    /** A registration as sent; null fields are left out. */
    public record Registration(
            String name,
            String url,
            String secret,
            String branches,
            String tags,
            List<String> profiles,
            Map<String, String> variables,
            String pollInterval,
            Map<String, String> secretVariables) {

        public Registration(
                String name,
                String url,
                String secret,
                String branches,
                String tags,
                List<String> profiles,
                Map<String, String> variables,
                String pollInterval) {
            this(name, url, secret, branches, tags, profiles, variables, pollInterval, null);
        }

        /** Never the secret values. */
        @Override
        public String toString() {
            return "Registration[name=" + name + ", url=" + url + ", secretVariables="
                    + (secretVariables == null ? "[]" : secretVariables.keySet()) + "]";
        }
    }

    /** A registration as the service lists it (it never answers secrets). */
    public record Listed(
            String name,
            String url,
            boolean hasSecret,
            String branches,
            String tags,
            List<String> profiles,
            String pollInterval) {}

    private final TriggerApi api;

    public RepositoryClient(String server, Optional<String> token) {
        this.api = new TriggerApi(server, token);
    }

    public void add(Registration r) {
        ObjectNode body = TriggerApi.MAPPER.createObjectNode();
        body.put("url", r.url());
        putIfSet(body, "secret", r.secret());
        putIfSet(body, "branches", r.branches());
        putIfSet(body, "tags", r.tags());
        putIfSet(body, "pollInterval", r.pollInterval());
        if (r.profiles() != null && !r.profiles().isEmpty()) {
            r.profiles().forEach(body.putArray("profiles")::add);
        }
        if (r.variables() != null && !r.variables().isEmpty()) {
            ObjectNode vars = body.putObject("variables");
            r.variables().forEach(vars::put);
        }
        if (r.secretVariables() != null && !r.secretVariables().isEmpty()) {
            ObjectNode secrets = body.putObject("secretVariables");
            r.secretVariables().forEach(secrets::put);
        }
        try {
            api.send(
                    "PUT",
                    path(r.name()),
                    TriggerApi.MAPPER.writeValueAsString(body),
                    "the registration of " + r.name());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Listed> list() {
        JsonNode answer = api.send("GET", "api/v1/repositories", null, "the listing");
        List<Listed> out = new ArrayList<>();
        if (answer != null) {
            for (JsonNode view : answer) {
                JsonNode repo = view.path("repository");
                List<String> profiles = new ArrayList<>();
                repo.path("profiles").forEach(p -> profiles.add(p.asText()));
                out.add(new Listed(
                        repo.path("name").asText(),
                        repo.path("url").asText(),
                        view.path("hasSecret").asBoolean(),
                        text(repo, "branches"),
                        text(repo, "tags"),
                        profiles,
                        pollInterval(repo.get("pollInterval"))));
            }
        }
        return out;
    }

    public void remove(String name) {
        api.send("DELETE", path(name), null, "the removal of " + name);
    }

    /** Names keep their slashes (the service matches {@code acme/app} as one path tail); each segment is encoded. */
    private static String path(String name) {
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("/", -1)) {
            segments.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return "api/v1/repositories/" + String.join("/", segments);
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, value);
        }
    }

    /** The service writes durations as seconds ({@code 60.0}) or ISO-8601 ({@code PT1M}); shown as {@code 60s}. */
    static String pollInterval(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return java.math.BigDecimal.valueOf(value.asDouble())
                            .stripTrailingZeros()
                            .toPlainString() + "s";
        }
        String text = value.asText();
        try {
            return java.time.Duration.parse(text).toSeconds() + "s";
        } catch (java.time.format.DateTimeParseException e) {
            return text;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
