package io.kaskade.deploy.deployer.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListMapDefaultsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Map<String, Object> parse(String yaml) throws Exception {
        return YAML.readValue(yaml, new TypeReference<>() {});
    }

    @SuppressWarnings("unchecked")
    private static Object at(Object tree, Object... path) {
        Object current = tree;
        for (Object step : path) {
            current = step instanceof Integer i
                    ? ((List<Object>) current).get(i)
                    : ((Map<String, Object>) current).get(step);
        }
        return current;
    }

    @Test
    void servicePortsWithoutProtocolGetTcpAndNamedProtocolsStay() throws Exception {
        Map<String, Object> service = parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  ports:
                    - port: 80
                      targetPort: 8080
                    - port: 53
                      protocol: UDP
                """);
        ListMapDefaults.apply(service);
        assertEquals("TCP", at(service, "spec", "ports", 0, "protocol"));
        assertEquals("UDP", at(service, "spec", "ports", 1, "protocol"));
        assertEquals(8080, at(service, "spec", "ports", 0, "targetPort"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Deployment  | spec: {template: {spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}}}                  | spec.template.spec.containers
            StatefulSet | spec: {template: {spec: {initContainers: [{name: c, image: i, ports: [{containerPort: 80}]}]}}}              | spec.template.spec.initContainers
            Job         | spec: {template: {spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}}}                  | spec.template.spec.containers
            CronJob     | spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}}}}} | spec.jobTemplate.spec.template.spec.containers
            Pod         | spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}                                        | spec.containers
            """)
    void containerPortsOfEveryWorkloadKindGetTcp(String kind, String body, String containersPath) throws Exception {
        Map<String, Object> object = parse("kind: " + kind + "\nmetadata: {name: x}\n" + body);
        ListMapDefaults.apply(object);
        Object containers = at(object, (Object[]) containersPath.split("\\."));
        assertEquals("TCP", at(containers, 0, "ports", 0, "protocol"));
        assertEquals(80, at(containers, 0, "ports", 0, "containerPort"));
    }

    @Test
    void objectsWithoutPortsAreLeftAlone() throws Exception {
        Map<String, Object> configMap = parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {ports: "80"}
                """);
        Map<String, Object> before = parse(YAML.writeValueAsString(configMap));
        ListMapDefaults.apply(configMap);
        assertEquals(before, configMap);
        Map<String, Object> headless = parse("kind: Service\nmetadata: {name: h}\nspec: {clusterIP: None}\n");
        ListMapDefaults.apply(headless);
        assertFalse(((Map<?, ?>) headless.get("spec")).containsKey("ports"));
    }
}
