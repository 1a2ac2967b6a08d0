package io.kaskade.build;

import io.kaskade.build.cache.ArtifactCache;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.tag.Tagger;
import java.nio.file.Path;
import java.util.List;

/**
 * What every artifact of one run's build shares: the event, the checkout, the taggers and the cache.
 *
 * @param event the run's {@code SourceChanged}
 * @param workspace the run's checkout
 * @param taggers the config's tag policies
 * @param cache the artifact cache, reading the run's insecure registries over plain HTTP
 */
record RunBuild(SourceChanged event, Path workspace, List<Tagger> taggers, ArtifactCache cache) {

    SkaffoldConfig config() {
        return event.config();
    }

    /** {@code build.insecureRegistries}. */
    List<String> insecureRegistries() {
        return insecureRegistries(config());
    }

    static List<String> insecureRegistries(SkaffoldConfig config) {
        return config.build() == null ? List.of() : config.build().insecureRegistries();
    }

    /**
     * Whether images go to their registry: {@code build.local.push}, true when absent. Kaskade's later
     * stages may run elsewhere, so unlike Skaffold it does not guess {@code false} from a local kube-context.
     */
    boolean push() {
        BuildConfig build = config().build();
        return build == null
                || build.local() == null
                || !Boolean.FALSE.equals(build.local().push());
    }

    /** Cloud Build pushes to Google's registries, which this service holds no credentials for. */
    boolean onCloudBuild() {
        return config().build() != null && config().build().googleCloudBuild() != null;
    }

    /** The artifact's own platforms, else the build's, as in Skaffold. */
    List<String> platforms(Artifact artifact) {
        if (!artifact.platforms().isEmpty()) {
            return artifact.platforms();
        }
        return config().build() == null ? List.of() : config().build().platforms();
    }
}
