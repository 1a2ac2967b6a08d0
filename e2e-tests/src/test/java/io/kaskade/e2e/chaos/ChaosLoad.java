package io.kaskade.e2e.chaos;

import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.RunRequested;
import io.kaskade.testing.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * The load of one case: {@code repos} fresh git repositories with {@code commits} commits each, every
 * commit asked for as a run at once over {@code kaskade.run-requested}. Each commit is a tiny image
 * (the local busybox base plus one file), one structure test and a docker deploy of a process that
 * stays up, so a run is cheap but passes through every stage with real tools.
 */
final class ChaosLoad {

    static final String BASE_IMAGE = "127.0.0.1:5000/kaskade/busybox:stable";
    private static final String SOURCE = "/e2e/chaos";

    /** One requested run: the commit of a repository it names. */
    record Request(String requestId, String repository, String commit) {}

    private final String name;
    private final List<Request> requests = new ArrayList<>();
    private final List<String> repositories = new ArrayList<>();

    private ChaosLoad(String name) {
        this.name = name;
    }

    /** Creates the repositories and their commits; nothing is published yet. */
    static ChaosLoad create(String name, int repos, int commits, Path dir) throws IOException {
        ChaosLoad load = new ChaosLoad(name);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        for (int r = 0; r < repos; r++) {
            Path repo = Files.createDirectories(dir.resolve(name + "-repo" + r + "-" + suffix));
            String image = "127.0.0.1:5000/chaos/" + name + "-" + r + "-" + suffix;
            load.repositories.add(repo.toString());
            for (int c = 0; c < commits; c++) {
                // Every commit changes the image's content, so no run is served from the build cache.
                Map<String, String> files =
                        Map.of("version", name + " repo " + r + " commit " + c + " " + UUID.randomUUID() + "\n");
                String sha = c == 0
                        ? GitRepos.create(repo, withApp(files, image))
                        : GitRepos.commit(repo, files, "commit " + c);
                load.requests.add(new Request(UUID.randomUUID().toString(), repo.toString(), sha));
            }
        }
        return load;
    }

    private static Map<String, String> withApp(Map<String, String> files, String image) {
        Map<String, String> all = new java.util.HashMap<>(files);
        all.put("Dockerfile", """
                FROM %s
                COPY version /version
                CMD ["sh", "-c", "exec sleep 100000"]
                """.formatted(BASE_IMAGE));
        all.put("structure-test.yaml", """
                schemaVersion: 2.0.0
                fileExistenceTests:
                  - name: version file
                    path: /version
                    shouldExist: true
                """);
        all.put("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                    - image: %1$s
                test:
                  - image: %1$s
                    structureTests: [./structure-test.yaml]
                deploy:
                  statusCheckDeadlineSeconds: 120
                  docker:
                    images: [%1$s]
                """.formatted(image));
        return all;
    }

    /**
     * Publishes every request, interleaving repositories (request i of each repository in turn);
     * {@code between} is called with the number of requests sent so far after each one.
     */
    void publish(RecordSender sender, IntConsumer between) {
        int repos = repositories.size();
        int perRepo = requests.size() / repos;
        int sent = 0;
        for (int c = 0; c < perRepo; c++) {
            for (int r = 0; r < repos; r++) {
                Request request = requests.get(r * perRepo + c);
                RunRequested event = RunRequested.of(
                        request.requestId(), request.repository(), "main", request.commit(), List.of(), Map.of());
                sender.send(
                        EventLog.RUN_REQUESTED,
                        null,
                        request.repository(),
                        CloudEventHeaders.of(event, SOURCE),
                        EventCodec.encode(event));
                between.accept(++sent);
            }
        }
    }

    String name() {
        return name;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<String> repositories() {
        return List.copyOf(repositories);
    }

    Set<String> repositorySet() {
        return repositories.stream().collect(Collectors.toSet());
    }
}
