package io.kaskade.build.builder.gcb;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The three Cloud Storage operations a Cloud Build needs (the source bucket, the source upload and the
 * build log), spoken over the documented JSON API with the JDK's HTTP client. The google-cloud-storage
 * client would pull a second, conflicting set of Google library versions into the service for them.
 */
final class CloudStorage {

    /** Gives the bearer token for a request, or empty to send none (local stand-ins). */
    @FunctionalInterface
    interface AccessToken {
        Optional<String> get() throws IOException;
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String host;
    private final AccessToken token;
    private final HttpClient http;

    /** @param host the JSON API's base URL, {@code https://storage.googleapis.com} for Google Cloud */
    CloudStorage(String host, AccessToken token) {
        this.host = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        this.token = token;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** Creates {@code bucket} in {@code projectId} unless it exists, as Skaffold does for {@code <project>_cloudbuild}. */
    void ensureBucket(String projectId, String bucket) throws IOException {
        HttpResponse<String> get =
                send(request("/storage/v1/b/" + encode(bucket)).GET(), HttpResponse.BodyHandlers.ofString());
        if (get.statusCode() == 200) {
            return;
        }
        if (get.statusCode() != 404) {
            throw failure("reading bucket " + bucket, get);
        }
        String body = "{\"name\":\"" + bucket.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        HttpResponse<String> create = send(
                request("/storage/v1/b?project=" + encode(projectId))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                HttpResponse.BodyHandlers.ofString());
        // 409: created meanwhile by another build, which is as good.
        if (create.statusCode() != 200 && create.statusCode() != 409) {
            throw failure("creating bucket " + bucket + " in project " + projectId, create);
        }
    }

    /** Uploads {@code file} as {@code bucket}/{@code object}. */
    void upload(String bucket, String object, Path file, String contentType) throws IOException {
        HttpResponse<String> response = send(
                request("/upload/storage/v1/b/" + encode(bucket) + "/o?uploadType=media&name=" + encode(object))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofFile(file)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw failure("uploading gs://" + bucket + "/" + object, response);
        }
    }

    /**
     * The bytes of {@code bucket}/{@code object} from {@code offset} on; empty while the object does not
     * exist or has nothing new, which is how a build log looks until Cloud Build writes more of it.
     */
    byte[] readFrom(String bucket, String object, long offset) throws IOException {
        HttpResponse<byte[]> response = send(
                request("/storage/v1/b/" + encode(bucket) + "/o/" + encode(object) + "?alt=media")
                        .header("Range", "bytes=" + offset + "-")
                        .GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        return switch (response.statusCode()) {
            case 200 -> offset == 0 ? response.body() : tail(response.body(), offset);
            case 206 -> response.body();
            // Not written yet, nothing past the offset, or throttled: read again on the next poll, as Skaffold does.
            case 404, 416, 429, 503 -> new byte[0];
            default ->
                throw failure(
                        "reading gs://" + bucket + "/" + object,
                        response.statusCode(),
                        new String(response.body(), StandardCharsets.UTF_8));
        };
    }

    /** Removes {@code bucket}/{@code object}; a missing object is fine. */
    void delete(String bucket, String object) throws IOException {
        HttpResponse<String> response = send(
                request("/storage/v1/b/" + encode(bucket) + "/o/" + encode(object))
                        .DELETE(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204 && response.statusCode() != 200 && response.statusCode() != 404) {
            throw failure("deleting gs://" + bucket + "/" + object, response);
        }
    }

    /** A server that ignores Range answers 200 with the whole object. */
    private static byte[] tail(byte[] whole, long offset) {
        if (offset >= whole.length) {
            return new byte[0];
        }
        byte[] rest = new byte[whole.length - (int) offset];
        System.arraycopy(whole, (int) offset, rest, 0, rest.length);
        return rest;
    }

    private HttpRequest.Builder request(String path) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(host + path)).timeout(TIMEOUT);
        Optional<String> bearer = token.get();
        bearer.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return request;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return http.send(request.build(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while talking to Cloud Storage at " + host, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static IOException failure(String what, HttpResponse<String> response) {
        return failure(what, response.statusCode(), response.body());
    }

    private static IOException failure(String what, int status, String body) {
        String detail = body == null ? "" : body.strip();
        if (detail.length() > 300) {
            detail = detail.substring(0, 300) + "...";
        }
        return new IOException(
                what + ": Cloud Storage answered HTTP " + status + (detail.isEmpty() ? "" : " " + detail));
    }
}
