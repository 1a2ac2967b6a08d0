package io.kaskade.model.tag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.StatusCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidConfigurationException;
import org.eclipse.jgit.lib.AbbrevConfig;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Skaffold's {@code gitCommit} tagger, the default tag policy: tags an image by the git revision of
 * its build context.
 *
 * <p>Variants, as Skaffold runs them in the artifact's context directory:
 * <ul>
 *   <li>{@code Tags} (default): {@code git describe --tags --always}, e.g. {@code v1}, {@code v1-1-g3cec6b9}, or the abbreviated commit;</li>
 *   <li>{@code CommitSha}: the full commit SHA; {@code AbbrevCommitSha}: its abbreviation;</li>
 *   <li>{@code TreeSha}: the SHA of the context directory's tree at HEAD; {@code AbbrevTreeSha}: its abbreviation.</li>
 * </ul>
 * The git output is sanitised ({@link ImageTags#sanitize}), then {@code prefix} is put in front, and
 * {@code -dirty} is appended when {@code git status .} shows changes or untracked files inside the
 * context, unless {@code ignoreChanges} is set. Variant names are case-insensitive.
 *
 * <p>JGit reads the repository, so no {@code git} binary is needed. Abbreviations follow git's
 * {@code core.abbrev} ("auto": 7 characters, more in large repositories, always unique).
 */
public final class GitCommitTagger implements Tagger {

    /** What part of git's state becomes the tag. */
    public enum Variant {
        TAGS("Tags"),
        COMMIT_SHA("CommitSha"),
        ABBREV_COMMIT_SHA("AbbrevCommitSha"),
        TREE_SHA("TreeSha"),
        ABBREV_TREE_SHA("AbbrevTreeSha");

        private final String configName;

        Variant(String configName) {
            this.configName = configName;
        }

        /** The name {@code skaffold.yaml} uses. */
        public String configName() {
            return configName;
        }

        /**
         * The variant a config names, ignoring case; {@link #TAGS} when null or empty.
         *
         * @throws TagException naming the valid variants, for any other name
         */
        public static Variant parse(String name) {
            if (name == null || name.isEmpty()) {
                return TAGS;
            }
            return Arrays.stream(values())
                    .filter(v -> v.configName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new TagException("\"" + name
                            + "\" is not a valid git tagger variant; use one of "
                            + Arrays.stream(values()).map(Variant::configName).collect(Collectors.joining(", "))));
        }
    }

    private final Variant variant;
    private final String prefix;
    private final boolean ignoreChanges;

    /**
     * @param variant the variant name as the config writes it; null means {@code Tags}
     * @param prefix put in front of the tag; null means none
     * @param ignoreChanges when true, a dirty context does not get {@code -dirty}
     * @throws TagException when the variant is unknown
     */
    public GitCommitTagger(String variant, String prefix, boolean ignoreChanges) {
        this(Variant.parse(variant), prefix, ignoreChanges);
    }

    public GitCommitTagger(Variant variant, String prefix, boolean ignoreChanges) {
        this.variant = variant;
        this.prefix = prefix == null ? "" : prefix;
        this.ignoreChanges = ignoreChanges;
    }

    /** The tagger with Skaffold's defaults: {@code Tags}, no prefix, dirty suffix on. */
    public static GitCommitTagger defaults() {
        return new GitCommitTagger(Variant.TAGS, "", false);
    }

    @Override
    public String generateTag(TagInput input) {
        Path workspace = realPath(input.workspace());
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(workspace.toFile());
        if (builder.getGitDir() == null) {
            throw new TagException("gitCommit tagger: " + workspace + " is not inside a git repository");
        }
        try (Repository repository = builder.setMustExist(true).build()) {
            if (repository.isBare()) {
                throw new TagException(
                        "gitCommit tagger: " + builder.getGitDir() + " is a bare repository without a work tree");
            }
            String contextPath = contextPath(realPath(repository.getWorkTree().toPath()), workspace);
            ObjectId head = repository.resolve(Constants.HEAD);
            if (head == null) {
                throw new TagException(
                        "gitCommit tagger: the repository at " + repository.getWorkTree() + " has no commit yet");
            }
            String ref = ImageTags.sanitize(describe(repository, head, contextPath));
            if (!ignoreChanges && isDirty(repository, contextPath)) {
                return prefix + ref + "-dirty";
            }
            return prefix + ref;
        } catch (IOException | GitAPIException e) {
            throw new TagException(
                    "gitCommit tagger: cannot read the git repository of " + workspace + ": " + e.getMessage(), e);
        }
    }

    private String describe(Repository repository, ObjectId head, String contextPath)
            throws IOException, GitAPIException {
        return switch (variant) {
            case TAGS -> {
                try (Git git = Git.wrap(repository)) {
                    yield git.describe()
                            .setTarget(head)
                            .setTags(true)
                            .setAlways(true)
                            .setAbbrev(abbrevLength(repository))
                            .call();
                }
            }
            case COMMIT_SHA -> head.name();
            case ABBREV_COMMIT_SHA -> abbreviate(repository, head);
            case TREE_SHA -> treeId(repository, head, contextPath).name();
            case ABBREV_TREE_SHA -> abbreviate(repository, treeId(repository, head, contextPath));
        };
    }

    private static String abbreviate(Repository repository, ObjectId id) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.abbreviate(id, abbrevLength(repository)).name();
        }
    }

    /**
     * git's abbreviation length: {@code core.abbrev}, by default "auto", which is 7 but grows with
     * the number of packed objects (8 from 2^14 objects on), so tags match git's in large repositories.
     */
    private static int abbrevLength(Repository repository) {
        try {
            return AbbrevConfig.parseFromConfig(repository).get();
        } catch (InvalidConfigurationException e) {
            throw new TagException(
                    "gitCommit tagger: invalid core.abbrev in " + repository.getDirectory() + ": " + e.getMessage(), e);
        }
    }

    /** {@code git rev-parse HEAD:<context>/}: the tree of the context directory in the HEAD commit. */
    private static ObjectId treeId(Repository repository, ObjectId head, String contextPath) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(head);
            if (contextPath.isEmpty()) {
                return commit.getTree().getId();
            }
            try (TreeWalk tree = TreeWalk.forPath(repository, contextPath, commit.getTree())) {
                if (tree == null || !tree.getFileMode(0).equals(org.eclipse.jgit.lib.FileMode.TREE)) {
                    throw new TagException(
                            "gitCommit tagger: directory '" + contextPath + "' is not in commit " + head.name());
                }
                return tree.getObjectId(0);
            }
        }
    }

    /** {@code git status . --porcelain} in the context is not empty: changed, deleted or untracked files. */
    private static boolean isDirty(Repository repository, String contextPath) throws GitAPIException {
        try (Git git = Git.wrap(repository)) {
            StatusCommand status = git.status();
            if (!contextPath.isEmpty()) {
                status.addPath(contextPath);
            }
            return !status.call().isClean();
        }
    }

    private static String contextPath(Path workTree, Path workspace) {
        if (!workspace.startsWith(workTree)) {
            throw new TagException("gitCommit tagger: " + workspace + " is outside the work tree " + workTree);
        }
        String relative = workTree.relativize(workspace).toString().replace('\\', '/');
        return relative;
    }

    private static Path realPath(Path path) {
        try {
            return path.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new TagException("gitCommit tagger: build context " + path + " does not exist", e);
        }
    }

    @Override
    public String toString() {
        return "gitCommit(variant=" + variant.configName() + ", prefix='" + prefix + "', ignoreChanges=" + ignoreChanges
                + ")";
    }
}
