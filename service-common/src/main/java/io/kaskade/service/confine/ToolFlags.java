package io.kaskade.service.confine;

import java.util.Set;

/**
 * The allowlists of the tools Kaskade runs with flags from a repository's config. Kept in one place
 * so the trust model (README, "Trust model") and the code agree on what a repository may ask for.
 */
public final class ToolFlags {

    /**
     * {@code artifacts[].docker.cliFlags} of {@code docker build}: resource limits, metadata and
     * output verbosity. Not allowed, among others: {@code --secret}, {@code --ssh}, {@code -o/--output},
     * {@code --network}, {@code -f/--file}, {@code --build-context}, {@code --cache-to},
     * {@code --iidfile}, {@code --metadata-file}, {@code --allow}, {@code --security-opt},
     * {@code --cgroup-parent}, {@code --builder}, {@code --push}, {@code --cache-from} (a BuildKit
     * {@code type=local,src=} reads a host folder; use the artifact's {@code cacheFrom} instead): each reads or writes host files,
     * reaches the network, or escapes the build's confinement.
     */
    public static final FlagAllowlist DOCKER_BUILD = FlagAllowlist.builder("docker build cliFlags")
            .switches("--no-cache", "--pull", "--quiet", "-q", "--rm", "--force-rm", "--compress", "--squash")
            .valued(
                    "--label",
                    "--build-arg",
                    "--platform",
                    "--progress",
                    "--target",
                    "--shm-size",
                    "--memory",
                    "-m",
                    "--memory-swap",
                    "--cpu-shares",
                    "-c",
                    "--cpu-period",
                    "--cpu-quota",
                    "--cpuset-cpus",
                    "--cpuset-mems",
                    "--ulimit",
                    "--add-host")
            .build();

    /**
     * {@code manifests.kustomize.buildArgs} of {@code kubectl kustomize}. Not allowed, among others:
     * {@code --enable-helm}, {@code --helm-command}, {@code --enable-exec}, {@code --enable-alpha-plugins},
     * {@code --mount}, {@code --network}, {@code --env}, {@code -o/--output}: they run programs in the
     * deploy service or write its files. {@code --load-restrictor} only with the default,
     * {@code LoadRestrictionsRootOnly}, so a kustomization cannot read files outside its folder.
     */
    public static final FlagAllowlist KUSTOMIZE_BUILD = FlagAllowlist.builder("kustomize buildArgs")
            .switches("--enable-managedby-label", "--stack-trace")
            .valued("--reorder", Set.of("legacy", "none"))
            .valued("--load-restrictor", Set.of("LoadRestrictionsRootOnly"))
            .build();

    private ToolFlags() {}
}
