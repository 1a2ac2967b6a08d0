package io.kaskade.cli.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * HTTP to the trigger-service's API with its bearer token: one place for the token, the timeouts and
 * turning a refusal into the server's own words.
 */
public final class TriggerApi {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI server;
    private final Optional<String> token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TriggerApi(String server, Optional<String> token) {
        this.server = URI.create(server.endsWith("/") ? server : server + "/");
        this.token = token;
    }

    /**
     * Sends {@code method path} with a JSON {@code body} (null: none) and returns the answer's JSON
     * (null for an empty answer).
     *
     * @throws TriggerException with the server's message when it refuses, or when it cannot be reached
     */
    public JsonNode send(String method, String path, String body, String action) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TriggerException("the trigger-service does not answer at " + server + " ("
                    + e.getClass().getSimpleName() + "): start it with `./kaskade up`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TriggerException("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            String hint = response.statusCode() == 401 && token.isEmpty()
                    ? " (no API token: set " + ApiToken.ENV + " or start the stack with ./kaskade up)"
                    : "";
            throw new TriggerException("the trigger-service refused " + action + " (HTTP " + response.statusCode()
                    + "): " + errorMessage(response.body()) + hint);
        }
        if (response.body() == null || response.body().isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new TriggerException(
                    "the trigger-service answered with something that is not JSON: " + response.body());
        }
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
