package io.kaskade.build.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.HttpHeaders;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import io.kaskade.model.event.EventCodec;
import io.kaskade.service.registry.RegistryCredentials.Login;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The registry calls jib-core's {@code RegistryClient} does not offer, on jib's own HTTP client
 * ({@link FailoverHttpClient}: HTTPS, then unverified HTTPS and plain HTTP for registries allowed to be
 * insecure): a manifest read and write that keep the manifest's exact bytes (jib re-serializes
 * manifests, which would give a re-tagged image another digest), tag listing, the catalog and
 * manifest deletion for garbage collection.
 *
 * <p>Authentication answers the registry's challenge as Docker does: {@code Basic} with the login, or
 * the {@code Bearer} token flow against the challenge's realm (with the login when there is one,
 * anonymously otherwise). Nothing here logs a credential or a token.
 */
final class RegistryHttp {

    private static final Logger LOG = Logger.getLogger(RegistryHttp.class);
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final int MAX_BODY_BYTES = 8 << 20;

    /** A registry's answer: status, the headers asked for, and the body (at most 8 MiB). */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** A request: method, path below {@code /v2/}, accepted types, optional body and its type. */
    record Call(String method, String path, List<String> accept, byte[] body, String contentType) {
        static Call get(String path, List<String> accept) {
            return new Call("GET", path, accept, null, null);
        }
    }

    private final String registry;
    private final boolean insecure;
    private final boolean loopback;
    private final Optional<Login> login;
    private final Duration timeout;

    /**
     * @param insecure whether unverified HTTPS and plain HTTP are allowed (loopback, {@code build.insecureRegistries})
     * @param loopback whether the registry is on this machine, the only place a login may travel over plain HTTP
     */
    RegistryHttp(String registry, boolean insecure, boolean loopback, Optional<Login> login, Duration timeout) {
        this.registry = registry;
        this.insecure = insecure;
        this.loopback = loopback;
        this.login = login;
        this.timeout = timeout;
    }

    /** Sends {@code call}, answering one authentication challenge; any status comes back as a {@link Reply}. */
    Reply send(Call call) throws IOException {
        // A FailoverHttpClient remembers every response it made until shut down: one per call keeps it bounded.
        FailoverHttpClient http = newClient();
        try {
            URL url = new URL("https://" + registry + "/v2/" + call.path());
            Reply reply = exchange(http, call, url, null);
            if (reply.status() == 401) {
                Optional<Authorization> authorization =
                        answer(http, reply.header("www-authenticate").orElse(""));
                if (authorization.isPresent()) {
                    reply = exchange(http, call, url, authorization.get());
                }
            }
            return reply;
        } finally {
            http.shutDown();
        }
    }

    /** A jib HTTP client with this registry's transport rules, for jib's own registry client too. */
    FailoverHttpClient newClient() {
        return new FailoverHttpClient(insecure, loopback, event -> {
            if (event.getLevel() == LogEvent.Level.ERROR) {
                LOG.debug(event.getMessage());
            }
        });
    }

    private Reply exchange(FailoverHttpClient http, Call call, URL url, Authorization authorization)
            throws IOException {
        Request.Builder request = Request.builder()
                .setHttpTimeout((int) timeout.toMillis())
                .setUserAgent("kaskade")
                .setAuthorization(authorization);
        if (call.accept() != null && !call.accept().isEmpty()) {
            request.setAccept(call.accept());
        }
        if (call.body() != null) {
            request.setBody(new ByteArrayContent(call.contentType(), call.body()));
        }
        try (Response response = http.call(call.method(), url, request.build())) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : List.of("docker-content-digest", "content-type", "link", "www-authenticate")) {
                List<String> values = response.getHeader(name);
                if (values != null && !values.isEmpty()) {
                    headers.put(name, values.get(0));
                }
            }
            return new Reply(response.getStatusCode(), headers, read(response.getBody()));
        } catch (ResponseException e) {
            Map<String, String> headers = new LinkedHashMap<>();
            HttpHeaders h = e.getHeaders();
            if (h != null && h.getAuthenticate() != null) {
                headers.put("www-authenticate", h.getAuthenticate());
            }
            byte[] content =
                    e.getContent() == null ? new byte[0] : e.getContent().getBytes(StandardCharsets.UTF_8);
            return new Reply(e.getStatusCode(), headers, content);
        }
    }

    /** The authorization that answers {@code challenge}, or empty when there is nothing to answer with. */
    private Optional<Authorization> answer(FailoverHttpClient http, String challenge) throws IOException {
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            return login.map(l -> Authorization.fromBasicCredentials(l.username(), l.password()));
        }
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge.substring(6));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            throw new IOException(registry + " sent a token challenge without a usable realm");
        }
        StringBuilder query = new StringBuilder();
        for (String key : List.of("service", "scope")) {
            if (params.containsKey(key)) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(key)
                        .append('=')
                        .append(URLEncoder.encode(params.get(key), StandardCharsets.UTF_8));
            }
        }
        Request.Builder request =
                Request.builder().setHttpTimeout((int) timeout.toMillis()).setUserAgent("kaskade");
        login.ifPresent(l -> request.setAuthorization(Authorization.fromBasicCredentials(l.username(), l.password())));
        try (Response response = http.get(new URL(realm + query), request.build())) {
            JsonNode body = EventCodec.mapper().readTree(read(response.getBody()));
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new IOException("the token endpoint of " + registry + " sent no token");
            }
            return Optional.of(Authorization.fromBearerToken(token));
        } catch (ResponseException e) {
            throw new IOException("the token endpoint of " + registry + " refused "
                    + (login.isPresent() ? "the login" : "an anonymous request") + " with HTTP " + e.getStatusCode());
        }
    }

    private static byte[] read(InputStream body) throws IOException {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("the registry sent more than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
