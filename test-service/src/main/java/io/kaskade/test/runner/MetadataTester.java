package io.kaskade.test.runner;

import io.kaskade.test.engine.ImageConfig;
import io.kaskade.test.structure.KeyValue;
import io.kaskade.test.structure.MetadataTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metadataTest}: compares the image config with the expected env, labels, ports, volumes,
 * entrypoint, cmd, workdir and user. Reported as one result named {@value #NAME}, as in
 * container-structure-test.
 */
public final class MetadataTester implements StructureTester<MetadataTest> {

    static final String NAME = "Metadata Test";

    @Override
    public String kind() {
        return "metadata";
    }

    @Override
    public String name(MetadataTest test) {
        return NAME;
    }

    @Override
    public List<String> check(MetadataTest test, TestTarget target) {
        List<String> errors = new ArrayList<>();
        ImageConfig config = target.config();
        checkEnvAndLabels(test, config, errors);
        checkCommandAndUser(test, config, errors);
        checkPortsAndVolumes(test, config, errors);
        return errors;
    }

    private static void checkEnvAndLabels(MetadataTest test, ImageConfig config, List<String> errors) {
        Map<String, String> env = config.envMap();
        for (KeyValue pair : test.envVars()) {
            String actual = env.get(pair.key());
            if (actual == null) {
                errors.add("variable " + pair.key() + " not found in image env");
            } else if (!matches(pair, actual)) {
                errors.add("env var " + pair.key() + " value " + actual + " does not match expected value: "
                        + pair.value());
            }
        }
        for (KeyValue pair : test.unboundEnvVars()) {
            if (env.containsKey(pair.key())) {
                errors.add("env variable " + pair.key() + " should not be present in image metadata");
            }
        }
        for (KeyValue pair : test.labels()) {
            String actual = config.labels().get(pair.key());
            if (actual == null) {
                errors.add("label " + pair.key() + " not found in image metadata");
            } else if (!matches(pair, actual)) {
                errors.add(
                        "label " + pair.key() + " value " + actual + " does not match expected value: " + pair.value());
            }
        }
    }

    private static void checkCommandAndUser(MetadataTest test, ImageConfig config, List<String> errors) {
        if (test.cmd() != null && !test.cmd().equals(config.cmd())) {
            errors.add("Image Cmd " + config.cmd() + " does not match expected Cmd: " + test.cmd());
        }
        if (test.entrypoint() != null && !test.entrypoint().equals(config.entrypoint())) {
            errors.add("Image entrypoint " + config.entrypoint() + " does not match expected entrypoint: "
                    + test.entrypoint());
        }
        if (!test.workdir().isEmpty() && !test.workdir().equals(config.workdir())) {
            errors.add("Image workdir " + config.workdir() + " does not match config workdir: " + test.workdir());
        }
        if (!test.user().isEmpty() && !test.user().equals(config.user())) {
            errors.add("Image user " + config.user() + " does not match config user: " + test.user());
        }
    }

    private static void checkPortsAndVolumes(MetadataTest test, ImageConfig config, List<String> errors) {
        for (String port : test.exposedPorts()) {
            if (!exposed(port, config)) {
                errors.add("Port " + port + " not found in config (exposed: " + config.exposedPorts() + ")");
            }
        }
        for (String port : test.unexposedPorts()) {
            if (exposed(port, config)) {
                errors.add("Port " + port + " should not be exposed");
            }
        }
        for (String volume : test.volumes()) {
            if (!config.volumes().contains(volume)) {
                errors.add("Volume " + volume + " not found in config (volumes: " + config.volumes() + ")");
            }
        }
        for (String volume : test.unmountedVolumes()) {
            if (config.volumes().contains(volume)) {
                errors.add("Volume " + volume + " should not be mounted");
            }
        }
    }

    private static boolean matches(KeyValue pair, String actual) {
        return pair.isRegex()
                ? Regexes.found(pair.value(), actual)
                : pair.value().equals(actual);
    }

    /** {@code 80} matches {@code 80/tcp} and {@code 80/udp}, as in container-structure-test; {@code 80/udp} only itself. */
    private static boolean exposed(String port, ImageConfig config) {
        for (String actual : config.exposedPorts()) {
            int slash = actual.indexOf('/');
            String number = slash < 0 ? actual : actual.substring(0, slash);
            if (port.equals(actual) || port.equals(number)) {
                return true;
            }
        }
        return false;
    }
}
