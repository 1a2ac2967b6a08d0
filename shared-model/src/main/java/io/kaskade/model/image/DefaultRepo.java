package io.kaskade.model.image;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Skaffold's default-repo rewriting ({@code docker.SubstituteDefaultRepoIntoImage}): where an image
 * built as {@code name} is pushed when a default repository is set.
 *
 * <ul>
 *   <li>no default repo: the image is unchanged;
 *   <li>the image already starts with the default repo: unchanged;
 *   <li>the default repo is on GCR or Artifact Registry, or multi-level repos are enabled: the image
 *       path is kept under the repo; when image and repo share a {@code registry/project} prefix,
 *       that prefix is not repeated;
 *   <li>otherwise each {@code / . _ : @} of the image name becomes {@code _} under the repo;
 * </ul>
 * the result is cut to 255 characters; tag and digest are kept.
 */
public final class DefaultRepo {

    private static final int MAX_LENGTH = 255;
    private static final Pattern ESCAPE = Pattern.compile("[/._:@]");
    private static final Pattern PROJECT_PREFIX = Pattern.compile("^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
            + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/[a-z][a-z0-9-]{4,28}[a-z0-9]/?");

    private DefaultRepo() {}

    /**
     * @param defaultRepo the repository, e.g. {@code 127.0.0.1:5000/team}; null or empty means none
     * @param multiLevelRepo the {@code multi-level-repo} setting, null when unset
     * @param image the artifact's image, possibly with tag or digest
     */
    public static String apply(String defaultRepo, Boolean multiLevelRepo, String image) {
        if (defaultRepo == null || defaultRepo.isEmpty()) {
            return image;
        }
        ImageReference parsed = ImageReference.parse(image);
        String replaced = replace(defaultRepo, multiLevelRepo, parsed.baseName());
        if (!parsed.tag().isEmpty()) {
            replaced += ":" + parsed.tag();
        }
        if (!parsed.digest().isEmpty()) {
            replaced += "@" + parsed.digest();
        }
        return replaced;
    }

    private static String replace(String defaultRepo, Boolean multiLevelRepo, String baseImage) {
        if (baseImage.startsWith(defaultRepo)) {
            return baseImage;
        }
        String originalPrefix = prefix(baseImage);
        String repoPrefix = prefix(defaultRepo);
        if (supportsMultiLevel(repoPrefix, multiLevelRepo)) {
            if (originalPrefix.equals(repoPrefix)) {
                return defaultRepo + "/" + baseImage.substring(originalPrefix.length());
            }
            return truncate(defaultRepo + "/" + baseImage);
        }
        return truncate(defaultRepo + "/" + ESCAPE.matcher(baseImage).replaceAll("_"));
    }

    private static String prefix(String s) {
        Matcher m = PROJECT_PREFIX.matcher(s);
        return m.find() ? m.group() : "";
    }

    private static boolean supportsMultiLevel(String repoPrefix, Boolean multiLevelRepo) {
        if (repoPrefix.contains("gcr.io") || repoPrefix.contains("-docker.pkg.dev")) {
            return true;
        }
        return Boolean.TRUE.equals(multiLevelRepo);
    }

    private static String truncate(String image) {
        return image.length() > MAX_LENGTH ? image.substring(0, MAX_LENGTH) : image;
    }
}
