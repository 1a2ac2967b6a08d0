package io.kaskade.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.service.process.ToolProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The local JRE base image ({@code <registry>/kaskade/jre:17}, a jlink of the host JDK made by
 * {@code scripts/make-jre-base.sh}). The image records its JDK modules in the label
 * {@value #MODULES_LABEL}; an image made before the services needed a module (or by an older
 * script) is rebuilt here rather than giving images that fail at run time with a missing class.
 */
public final class JreBase {

    static final String MODULES_LABEL = "io.kaskade.jre.modules";

    /**
     * What the services and the broker need, from {@code jdeps --print-module-deps --ignore-missing-deps}
     * over their jars (jdk.compiler is referenced by a Quarkus runtime jar of trigger-service), plus what is
     * loaded by name at run time: EC keys for TLS, JNDI DNS, zipfs, the JDK's management beans.
     * Keep in step with the list in {@code scripts/make-jre-base.sh}.
     */
    static final List<String> REQUIRED_MODULES = List.of(
            "java.base",
            "java.compiler",
            "java.desktop",
            "java.instrument",
            "java.logging",
            "java.management",
            "java.naming",
            "java.net.http",
            "java.rmi",
            "java.scripting",
            "java.security.jgss",
            "java.security.sasl",
            "java.sql",
            "java.transaction.xa",
            "java.xml",
            "jdk.compiler",
            "jdk.crypto.ec",
            "jdk.management",
            "jdk.naming.dns",
            "jdk.net",
            "jdk.security.auth",
            "jdk.unsupported",
            "jdk.zipfs");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registry;
    private final String reference;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public JreBase(String registry) {
        this.registry = registry;
        this.reference = registry + "/kaskade/jre:17";
    }

    public String reference() {
        return reference;
    }

    /** The JDK modules the image lacks; all of them when the image is missing or has no label. */
    public Set<String> missingModules() throws IOException, InterruptedException {
        Set<String> missing = new TreeSet<>(REQUIRED_MODULES);
        labels().map(l -> l.path(MODULES_LABEL).asText(""))
                .ifPresent(value -> missing.removeAll(Arrays.asList(value.split(","))));
        return missing;
    }

    /** Rebuilds the base with {@code scripts/make-jre-base.sh} unless it has every module; fails if it still lacks some. */
    public void ensure(Path root, java.util.function.Consumer<String> log) throws IOException, InterruptedException {
        Set<String> missing = missingModules();
        if (missing.isEmpty()) {
            return;
        }
        Path script = root.resolve("scripts/make-jre-base.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(
                    reference + " lacks JDK modules " + missing + " and " + script + " is missing");
        }
        log.accept("building the Java base image " + reference + " (it lacks " + missing + ") with " + script);
        ToolProcess.Result result = ToolProcess.command("sh", script.toString(), reference)
                .mergeErrors()
                .timeout(Duration.ofMinutes(10))
                .run();
        if (!result.succeeded()) {
            throw new IllegalStateException(script
                    + (result.timedOut() ? " did not finish within 10 minutes" : " failed") + ":\n" + result.stdout());
        }
        Set<String> still = missingModules();
        if (!still.isEmpty()) {
            throw new IllegalStateException(reference + " still lacks JDK modules " + still + " after " + script
                    + ": add them to its jlink --add-modules list");
        }
    }

    /** The base image's config labels, or empty when the registry does not have the image. */
    private Optional<JsonNode> labels() throws IOException, InterruptedException {
        String repository = "kaskade/jre";
        HttpResponse<String> manifest = http.send(
                HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/manifests/17"))
                        .header(
                                "Accept",
                                "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (manifest.statusCode() == 404) {
            return Optional.empty();
        }
        if (manifest.statusCode() != 200) {
            throw new IOException("registry " + registry + " answered " + manifest.statusCode() + " for " + reference);
        }
        String configDigest =
                JSON.readTree(manifest.body()).path("config").path("digest").asText();
        HttpResponse<String> config = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://" + registry + "/v2/" + repository + "/blobs/" + configDigest))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (config.statusCode() != 200) {
            throw new IOException(
                    "registry " + registry + " answered " + config.statusCode() + " for the config of " + reference);
        }
        return Optional.of(JSON.readTree(config.body()).path("config").path("Labels"));
    }
}
