package io.kaskade.core.config;

import static io.kaskade.core.config.ConfigTrees.elements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.config.Activation;
import io.kaskade.model.config.Profile;
import io.kaskade.model.config.SkaffoldConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Skaffold's profile rules ({@code schema/profiles.go}): which profiles are active, and what applying
 * one does to a config tree.
 *
 * <p>Activation: within one {@code activation} entry, {@code env}, {@code kubeContext} and
 * {@code command} must all match; a profile is active when any entry matches, or all of them with
 * {@code requiresAllActivations}. Values are regular expressions found anywhere in the actual value,
 * or exact matches; a leading {@code !} negates; {@code env: KEY=} means unset or empty. Explicit
 * selection ({@code -p a,-b}) adds {@code a} and removes {@code b} after auto-activation.
 *
 * <p>Applying: each section the profile sets replaces the config's (structs such as {@code build} and
 * {@code deploy} are merged field by field; a builder, tagger, deployer or list is replaced
 * wholesale), then the JSON patches run in order.
 */
public final class Profiles {

    /** Struct-valued sections that Skaffold merges field by field instead of replacing. */
    private static final Set<String> MERGED = Set.of(
            "/build",
            "/build/hooks",
            "/manifests",
            "/manifests/hooks",
            "/deploy",
            "/deploy/logs",
            "/deploy/logs/jsonParse",
            "/resourceSelector");
    /** Fields that replace each other as a group (Skaffold's inline one-of structs). */
    private static final List<Set<String>> ONE_OF =
            List.of(Set.of("/build/local", "/build/googleCloudBuild", "/build/cluster"));

    private static final Set<String> PIPELINE = Set.of(
            "build", "test", "manifests", "deploy", "portForward", "resourceSelector", "verify", "customActions");

    /** What activation looks at. */
    public record Context(UnaryOperator<String> env, String kubeContext, String command) {}

    private Profiles() {}

    /**
     * The profiles to apply, in order: auto-activated ones in declaration order, then explicitly named
     * ones; {@code -name} removes a profile. Names the config does not have are ignored here (the
     * resolver checks that each named profile exists in some config).
     */
    public static List<String> active(SkaffoldConfig config, List<String> explicit, Context context) {
        Set<String> known = new LinkedHashSet<>();
        config.profiles().forEach(p -> known.add(p.name()));
        List<String> active = new ArrayList<>();
        for (Profile p : config.profiles()) {
            if (isActivated(p, context) && !active.contains(p.name())) {
                active.add(p.name());
            }
        }
        for (String name : explicit) {
            if (name.startsWith("-")) {
                active.remove(name.substring(1));
            } else if (known.contains(name) && !active.contains(name)) {
                active.add(name);
            }
        }
        return active;
    }

    static boolean isActivated(Profile profile, Context context) {
        if (profile.activation().isEmpty()) {
            return false;
        }
        boolean all = Boolean.TRUE.equals(profile.requiresAllActivations());
        for (Activation activation : profile.activation()) {
            boolean on = matches(activation, context, profile.name());
            if (all && !on) {
                return false;
            }
            if (!all && on) {
                return true;
            }
        }
        return all;
    }

    static boolean matches(Activation a, Context context, String profile) {
        return matchesEnv(a.env(), context, profile)
                && (isEmpty(a.kubeContext()) || regexEqual(a.kubeContext(), nullToEmpty(context.kubeContext())))
                && (isEmpty(a.command()) || regexEqual(a.command(), nullToEmpty(context.command())));
    }

    private static boolean matchesEnv(String env, Context context, String profile) {
        if (isEmpty(env)) {
            return true;
        }
        int eq = env.indexOf('=');
        if (eq < 0) {
            throw new ConfigException(
                    "profile '" + profile + "': invalid env activation '" + env + "', should be KEY=VALUE");
        }
        String actual = nullToEmpty(context.env().apply(env.substring(0, eq)));
        String expected = env.substring(eq + 1);
        if (expected.isEmpty()) {
            return actual.isEmpty();
        }
        return regexEqual(expected, actual);
    }

    /** Skaffold's {@code RegexEqual}: {@code !} negates; equal strings match; else a regex found in the value. */
    public static boolean regexEqual(String expected, String actual) {
        if (expected.startsWith("!")) {
            return !regexMatch(expected.substring(1), actual);
        }
        return regexMatch(expected, actual);
    }

    private static boolean regexMatch(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        try {
            return Pattern.compile(expected).matcher(actual).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** Applies the named profile of {@code config} to {@code tree} (which may already carry other profiles). */
    static ObjectNode apply(ObjectNode tree, Profile profile, ObjectNode profileTree) {
        for (Map.Entry<String, JsonNode> e : profileTree.properties()) {
            if (PIPELINE.contains(e.getKey())) {
                overlay(tree, e.getKey(), e.getValue(), "/" + e.getKey());
            }
        }
        JsonNode result = ProfilePatches.apply(tree, profile);
        if (!(result instanceof ObjectNode object)) {
            throw new ConfigException("profile '" + profile.name() + "': patches must leave a mapping");
        }
        return object;
    }

    private static void overlay(ObjectNode target, String field, JsonNode value, String path) {
        if (isZero(value) && !("/deploy/statusCheck".equals(path) && value.isBoolean())
                || ("/build/tagPolicy".equals(path) && value.isObject() && value.isEmpty())) {
            return;
        }
        JsonNode existing = target.get(field);
        if (MERGED.contains(path) && value.isObject()) {
            ObjectNode merged = existing instanceof ObjectNode o ? o : target.putObject(field);
            for (Set<String> group : ONE_OF) {
                boolean profileSetsGroup = group.stream()
                        .anyMatch(g -> g.startsWith(path + "/") && !isZero(value.get(g.substring(path.length() + 1))));
                if (profileSetsGroup) {
                    group.stream()
                            .filter(g -> g.startsWith(path + "/"))
                            .forEach(g -> merged.remove(g.substring(path.length() + 1)));
                }
            }
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                overlay(merged, e.getKey(), e.getValue(), path + "/" + e.getKey());
            }
            return;
        }
        target.set(field, value.deepCopy());
    }

    /** Go's zero value: a profile field left at it does not override the config. */
    private static boolean isZero(JsonNode v) {
        return v == null
                || v.isNull()
                || (v.isTextual() && v.asText().isEmpty())
                || (v.isArray() && v.isEmpty())
                || (v.isIntegralNumber() && v.asLong() == 0)
                || (v.isBoolean() && !v.asBoolean());
    }

    /** Profile elements of a config tree, for callers that need the raw profile sections. */
    static List<ObjectNode> profileTrees(ObjectNode tree) {
        return elements(tree.get("profiles"));
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
