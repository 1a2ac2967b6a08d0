package io.kaskade.build.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import io.kaskade.model.event.EventCodec;
import io.kaskade.service.registry.RegistryCredentials;
import io.kaskade.service.registry.RegistryCredentials.Login;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes image manifests in OCI/Docker registries for the build-service: whether an image
 * is there and its digests (jib-core's registry client), re-tagging a manifest byte for byte, tag
 * listing and manifest deletion ({@link RegistryHttp}).
 *
 * <p>Logins come from the service's docker config ({@link RegistryCredentials}); a registry without one
 * is used anonymously. Loopback registries and those in {@code build.insecureRegistries} may answer
 * over unverified HTTPS or plain HTTP, as Docker allows; a login goes over plain HTTP only to loopback.
 * Names without a registry host are Docker Hub's ({@code registry-1.docker.io}), as jib reads them.
 */
public final class RegistryClient {

    private static final List<String> ACCEPT = List.of(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.index.v1+json");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>");
    private static final int PAGE = 1000;

    /**
     * @param digest the manifest digest, what {@code image@digest} pins
     * @param configDigest the image config digest (the image id), or the manifest digest for a multi-platform index
     */
    public record Manifest(String digest, String configDigest) {}

    /** A manifest as stored, to copy it under another tag. */
    public record RawManifest(String digest, String mediaType, byte[] body) {}

    private final Duration timeout;
    private final Set<String> insecureRegistries;
    private final RegistryCredentials credentials;

    /** A client with the service's logins ({@link RegistryCredentials#configured()}). */
    public RegistryClient(Duration timeout) {
        this(timeout, RegistryCredentials.configured());
    }

    public RegistryClient(Duration timeout, RegistryCredentials credentials) {
        this(timeout, credentials, Set.of());
    }

    private RegistryClient(Duration timeout, RegistryCredentials credentials, Set<String> insecureRegistries) {
        this.timeout = timeout;
        this.credentials = credentials;
        this.insecureRegistries = insecureRegistries;
    }

    /** This client, also allowing plain HTTP for {@code registries} ({@code host[:port]}, as a run's config lists them). */
    public RegistryClient withInsecureRegistries(Collection<String> registries) {
        return new RegistryClient(timeout, credentials, Set.copyOf(registries));
    }

    /** The logins this client uses. */
    public RegistryCredentials credentials() {
        return credentials;
    }

    /**
     * The manifest of {@code image:tag}, or empty when the registry does not have it; read with
     * jib-core's registry client.
     *
     * @throws IOException when the registry cannot be reached, refuses the login, or answers with an error
     */
    public Optional<Manifest> manifest(String image, String tag) throws IOException {
        ImageReference ref = parse(image);
        RegistryHttp raw = http(ref.getRegistry());
        FailoverHttpClient http = raw.newClient();
        try {
            Optional<Login> login = credentials.forRegistry(ref.getRegistry());
            com.google.cloud.tools.jib.registry.RegistryClient client =
                    com.google.cloud.tools.jib.registry.RegistryClient.factory(
                                    EventHandlers.NONE, ref.getRegistry(), ref.getRepository(), http)
                            .setCredential(login.map(l -> Credential.from(l.username(), l.password()))
                                    .orElse(null))
                            .setUserAgent("kaskade")
                            .newRegistryClient();
            // As jib's own push: a token registry is answered by the bearer flow, any other one gets Basic.
            if (!client.doPullBearerAuth() && login.isPresent()) {
                client.configureBasicAuth();
            }
            Optional<ManifestAndDigest<ManifestTemplate>> found = client.checkManifest(tag);
            return found.map(m -> new Manifest(
                    m.getDigest().toString(),
                    m.getManifest() instanceof BuildableManifestTemplate b
                                    && b.getContainerConfiguration() != null
                                    && b.getContainerConfiguration().getDigest() != null
                            ? b.getContainerConfiguration().getDigest().toString()
                            : m.getDigest().toString()));
        } catch (RegistryException e) {
            throw new IOException("cannot read " + image + ":" + tag + ": " + e.getMessage(), e);
        } finally {
            http.shutDown();
        }
    }

    /**
     * The stored bytes and media type of {@code image:tag}'s manifest, or empty when absent.
     *
     * @throws IOException when the registry cannot be reached or answers with an error
     */
    public Optional<RawManifest> rawManifest(String image, String tag) throws IOException {
        ImageReference ref = parse(image);
        RegistryHttp.Reply reply =
                http(ref.getRegistry()).send(RegistryHttp.Call.get(ref.getRepository() + "/manifests/" + tag, ACCEPT));
        if (reply.status() == 404) {
            return Optional.empty();
        }
        check(reply, 200, "GET", image + ":" + tag);
        String digest = reply.header("docker-content-digest")
                .orElseThrow(() ->
                        new IOException(image + ":" + tag + ": the registry sent no Docker-Content-Digest header"));
        String mediaType = reply.header("content-type").orElse("application/vnd.docker.distribution.manifest.v2+json");
        return Optional.of(new RawManifest(digest, mediaType, reply.body()));
    }

    /**
     * Stores {@code manifest} under {@code image:tag}: a tag operation inside the registry, with no
     * layer moving, so the same digest gets one more name.
     *
     * @throws IOException when the registry refuses
     */
    public void putManifest(String image, String tag, RawManifest manifest) throws IOException {
        ImageReference ref = parse(image);
        RegistryHttp.Reply reply = http(ref.getRegistry())
                .send(new RegistryHttp.Call(
                        "PUT",
                        ref.getRepository() + "/manifests/" + tag,
                        List.of(),
                        manifest.body(),
                        manifest.mediaType()));
        if (reply.status() != 201 && reply.status() != 200) {
            throw failure(reply, "PUT", image + ":" + tag);
        }
    }

    /**
     * The tags of {@code image}'s repository, every page of them; empty when the repository does not exist.
     *
     * @throws IOException when the registry cannot be reached or answers with an error
     */
    public List<String> tags(String image) throws IOException {
        ImageReference ref = parse(image);
        return pages(ref.getRegistry(), ref.getRepository() + "/tags/list?n=" + PAGE, "tags", image);
    }

    /**
     * The repositories of {@code registry} ({@code host[:port]}) from its catalog, every page.
     *
     * @throws IOException when the registry has no catalog or refuses it
     */
    public List<String> repositories(String registry) throws IOException {
        return pages(registry, "_catalog?n=" + PAGE, "repositories", registry);
    }

    /**
     * Deletes the manifest {@code digest} of {@code image}, and with it every tag that names it (the
     * registry API has no tag-only deletion); absent is not an error.
     *
     * @throws IOException when the registry refuses (a registry without {@code delete.enabled} answers 405)
     */
    public void deleteManifest(String image, String digest) throws IOException {
        ImageReference ref = parse(image);
        RegistryHttp.Reply reply = http(ref.getRegistry())
                .send(new RegistryHttp.Call(
                        "DELETE", ref.getRepository() + "/manifests/" + digest, ACCEPT, null, null));
        if (reply.status() != 202 && reply.status() != 200 && reply.status() != 404) {
            throw failure(reply, "DELETE", image + "@" + digest);
        }
    }

    private List<String> pages(String registry, String first, String field, String what) throws IOException {
        List<String> all = new ArrayList<>();
        String path = first;
        RegistryHttp http = http(registry);
        while (path != null) {
            RegistryHttp.Reply reply = http.send(RegistryHttp.Call.get(path, List.of("application/json")));
            if (reply.status() == 404) {
                return all;
            }
            check(reply, 200, "GET", what);
            JsonNode body = EventCodec.mapper().readTree(reply.body());
            body.path(field).forEach(node -> all.add(node.asText()));
            path = reply.header("link")
                    .map(NEXT_LINK::matcher)
                    .filter(Matcher::find)
                    .map(m -> m.group(1).replaceFirst("^(https?://[^/]+)?/v2/", ""))
                    .orElse(null);
        }
        return all;
    }

    private RegistryHttp http(String registry) throws IOException {
        boolean loopback = loopback(registry);
        return new RegistryHttp(
                registry,
                loopback || insecureRegistries.contains(registry),
                loopback,
                credentials.forRegistry(registry),
                timeout);
    }

    /** Whether {@code registry} ({@code host[:port]}) is on this machine, where Docker allows plain HTTP. */
    public static boolean loopback(String registry) {
        String host = registry.startsWith("[")
                ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /** The registry and repository of an image name without tag or digest, as jib reads it. */
    public static ImageReference parse(String image) throws IOException {
        try {
            return ImageReference.parse(image);
        } catch (InvalidImageReferenceException e) {
            throw new IOException("'" + image + "' is not an image name: " + e.getMessage(), e);
        }
    }

    private static void check(RegistryHttp.Reply reply, int expected, String method, String what) throws IOException {
        if (reply.status() != expected) {
            throw failure(reply, method, what);
        }
    }

    private static IOException failure(RegistryHttp.Reply reply, String method, String what) {
        String detail = switch (reply.status()) {
            case 401 -> "the registry wants a login (none in the docker config, or it was refused)";
            case 403 -> "the login may not do this";
            default -> new String(reply.body(), 0, Math.min(reply.body().length, 300), StandardCharsets.UTF_8).strip();
        };
        return new IOException(method + " " + what + " answered HTTP " + reply.status() + ": " + detail);
    }
}
