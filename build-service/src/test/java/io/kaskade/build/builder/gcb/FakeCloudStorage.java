package io.kaskade.build.builder.gcb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the parts of the Cloud Storage JSON API a Cloud Build uses: bucket get/insert,
 * media upload, ranged media download, object delete. It keeps every upload it saw, so a test can
 * read a source tarball after the builder has deleted it.
 */
final class FakeCloudStorage implements AutoCloseable {

    private static final Pattern BUCKET = Pattern.compile("/storage/v1/b/([^/]+)");
    private static final Pattern OBJECT = Pattern.compile("/storage/v1/b/([^/]+)/o/(.+)");
    private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> createdBuckets = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deleted = Collections.synchronizedList(new ArrayList<>());

    FakeCloudStorage() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, for {@code kaskade.build.gcb.storage-host}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Cloud Build writing to its log object. */
    void append(String bucket, String object, String text) {
        objects.merge(bucket + "/" + object, text.getBytes(StandardCharsets.UTF_8), (old, add) -> {
            byte[] joined = new byte[old.length + add.length];
            System.arraycopy(old, 0, joined, 0, old.length);
            System.arraycopy(add, 0, joined, old.length, add.length);
            return joined;
        });
    }

    Optional<byte[]> object(String bucket, String object) {
        return Optional.ofNullable(objects.get(bucket + "/" + object));
    }

    /** Every uploaded object by {@code bucket/object}, also those deleted since. */
    Map<String, byte[]> uploads() {
        return Map.copyOf(uploads);
    }

    /** {@code project/bucket} of each bucket insert. */
    List<String> createdBuckets() {
        return List.copyOf(createdBuckets);
    }

    /** {@code bucket/object} of each delete. */
    List<String> deleted() {
        return List.copyOf(deleted);
    }

    void addBucket(String bucket) {
        buckets.add(bucket);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            Matcher upload = UPLOAD.matcher(path);
            Matcher object = OBJECT.matcher(path);
            Matcher bucket = BUCKET.matcher(path);
            if (method.equals("POST") && upload.matches() && "media".equals(query.get("uploadType"))) {
                String key = decode(upload.group(1)) + "/" + query.get("name");
                if (!buckets.contains(decode(upload.group(1)))) {
                    respond(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"bucket not found\"}}");
                    return;
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                objects.put(key, body);
                uploads.put(key, body);
                respond(exchange, 200, "{\"name\":\"" + query.get("name") + "\",\"size\":\"" + body.length + "\"}");
            } else if (method.equals("POST") && path.equals("/storage/v1/b")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher name = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
                if (!name.find()) {
                    respond(exchange, 400, "{\"error\":{\"code\":400,\"message\":\"no name\"}}");
                    return;
                }
                createdBuckets.add(query.get("project") + "/" + name.group(1));
                respond(exchange, buckets.add(name.group(1)) ? 200 : 409, "{\"name\":\"" + name.group(1) + "\"}");
            } else if (object.matches()) {
                String key = decode(object.group(1)) + "/" + decode(object.group(2));
                if (method.equals("DELETE")) {
                    deleted.add(key);
                    respond(exchange, objects.remove(key) == null ? 404 : 204, null);
                } else if (method.equals("GET") && "media".equals(query.get("alt"))) {
                    byte[] content = objects.get(key);
                    if (content == null) {
                        respond(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"No such object\"}}");
                        return;
                    }
                    String range = exchange.getRequestHeaders().getFirst("Range");
                    Matcher from = range == null ? null : RANGE.matcher(range);
                    int start = from != null && from.matches() ? Integer.parseInt(from.group(1)) : 0;
                    if (start >= content.length && content.length > 0 || start > 0 && content.length == 0) {
                        respond(exchange, 416, null);
                        return;
                    }
                    byte[] part = new byte[content.length - start];
                    System.arraycopy(content, start, part, 0, part.length);
                    exchange.sendResponseHeaders(range == null ? 200 : 206, part.length == 0 ? -1 : part.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(part);
                    }
                } else {
                    respond(exchange, 405, null);
                }
            } else if (method.equals("GET") && bucket.matches()) {
                String name = decode(bucket.group(1));
                respond(exchange, buckets.contains(name) ? 200 : 404, "{\"name\":\"" + name + "\"}");
            } else {
                respond(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"unknown path " + path + "\"}}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return values;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
