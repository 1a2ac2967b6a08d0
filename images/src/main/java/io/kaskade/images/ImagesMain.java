package io.kaskade.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar images/target/kaskade-images.jar [--root DIR] [--registry HOST:PORT] [NAME...]}:
 * builds and pushes Kaskade's images (all, or those named: {@code build-service}, {@code kafka}, ...)
 * and prints one {@code NAME REFERENCE@DIGEST} line each on stdout. {@code ./kaskade images} runs it.
 */
public final class ImagesMain {

    private ImagesMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path root = Path.of(System.getenv().getOrDefault("KASKADE_REPO", "."))
                .toAbsolutePath()
                .normalize();
        String registry = System.getenv().getOrDefault("KASKADE_REGISTRY", "127.0.0.1:5000");
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--root" ->
                        root = Path.of(value(args, ++i, "--root"))
                                .toAbsolutePath()
                                .normalize();
                    case "--registry" -> registry = value(args, ++i, "--registry");
                    case "-h", "--help" -> {
                        System.out.println("usage: kaskade-images [--root DIR] [--registry HOST:PORT] [NAME...]");
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        names.add(args[i]);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("kaskade-images: " + e.getMessage());
            return 2;
        }
        try {
            for (String line : build(root, registry, Set.copyOf(names))) {
                System.out.println(line);
            }
            return 0;
        } catch (Exception e) {
            System.err.println("kaskade-images: " + e.getMessage());
            return 1;
        }
    }

    /** Builds the named images (all when {@code names} is empty); returns {@code NAME REFERENCE@DIGEST} lines. */
    public static List<String> build(Path root, String registry, Set<String> names) throws Exception {
        List<ImageSpec> specs = KaskadeImages.all(root, registry, Versions.current());
        List<String> unknown = names.stream()
                .filter(n -> specs.stream().noneMatch(s -> s.name().equals(n)))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no image named " + unknown + "; there are "
                    + specs.stream().map(ImageSpec::name).toList());
        }
        new JreBase(registry).ensure(root, System.err::println);
        Path cache = root.resolve("images/target/jib-cache");
        Files.createDirectories(cache);
        ImageBuilder builder = new ImageBuilder(registry, cache, System.err::println);
        List<String> lines = new ArrayList<>();
        for (ImageSpec spec : specs) {
            if (names.isEmpty() || names.contains(spec.name())) {
                System.err.println("building " + builder.reference(spec) + " ...");
                lines.add(spec.name() + " " + builder.buildAndPush(spec));
            }
        }
        return lines;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
