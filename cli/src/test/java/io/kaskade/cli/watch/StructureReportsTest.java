package io.kaskade.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import io.kaskade.model.event.TestSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The reports {@code kaskade watch --junit/--cst-json} writes, read back with the JDK's XML parser and Jackson. */
class StructureReportsTest {

    @TempDir
    Path dir;

    @Test
    void oneTestcasePerStructureTestAndTheCstJsonReport() throws Exception {
        Path junit = dir.resolve("reports/out.xml");
        Path json = dir.resolve("cst.json");
        StructureReports reports = new StructureReports(junit, json);
        reports.accept(Fixtures.record("kaskade.image-pushed", Fixtures.imagePushed("r1", 10)));
        reports.accept(Fixtures.record("kaskade.structure-tested", Fixtures.tested("r1", 20, true)));
        reports.accept(Fixtures.record("kaskade.structure-tested", withOutput("r1")));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("4");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        NodeList cases = root.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element failing = (Element) cases.item(2);
        assertThat(failing.getAttribute("name")).isEqualTo("Command Test: prints the version");
        assertThat(failing.getAttribute("classname")).isEqualTo("tests/cmd.yaml");
        assertThat(failing.getAttribute("time")).isEqualTo("1.250");
        Element failure = (Element) failing.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("Expected string 'v2' not found in output 'v1\\n'");
        assertThat(failing.getElementsByTagName("system-out").item(0).getTextContent())
                .isEqualTo("v1\n\uFFFDend");
        assertThat(failing.getElementsByTagName("system-err").item(0).getTextContent())
                .isEqualTo("warn\n[stdout truncated: the last 4096 of 9000 characters are kept]");
        assertThat(((Element) cases.item(3)).getAttribute("name")).isEqualTo("Metadata Test");

        JsonNode cst = EventCodec.mapper().readTree(Files.readAllBytes(json));
        assertThat(cst.get("Pass").asInt()).isEqualTo(3);
        assertThat(cst.get("Fail").asInt()).isEqualTo(1);
        assertThat(cst.get("Total").asInt()).isEqualTo(4);
        assertThat(cst.get("Duration").asLong()).isEqualTo((12 + 2000) * 1_000_000L);
        JsonNode third = cst.get("Results").get(2);
        assertThat(third.get("Name").asText()).isEqualTo("Command Test: prints the version");
        assertThat(third.get("Pass").asBoolean()).isFalse();
        assertThat(third.get("Stdout").asText()).isEqualTo("v1\n\u0001end");
        assertThat(third.get("Errors").get(0).asText()).startsWith("Expected string 'v2'");
        assertThat(third.get("Duration").asLong()).isEqualTo(1_250_000_000L);
        assertThat(cst.get("Results").get(0).has("Stdout")).isFalse();
    }

    @Test
    void aRedeliveredEventReplacesItsEarlierCopyAndEmptyReportsAreValid() throws Exception {
        Path junit = dir.resolve("out.xml");
        StructureReports reports = new StructureReports(junit, null);
        reports.write();
        Document empty =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertThat(empty.getElementsByTagName("testcase").getLength()).isZero();

        reports.accept(Fixtures.record("kaskade.structure-tested", Fixtures.tested("r1", 20, false)));
        reports.accept(Fixtures.record("kaskade.structure-tested", Fixtures.tested("r1", 20, false)));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
    }

    private static StructureTested withOutput(String runId) {
        RunRef run = Fixtures.run(runId);
        List<TestResult> results = List.of(
                new TestResult(
                        "tests/cmd.yaml",
                        "command",
                        "prints the version",
                        false,
                        List.of("Expected string 'v2' not found in output 'v1\\n'"),
                        1250,
                        "v1\n\u0001end",
                        "warn",
                        "stdout truncated: the last 4096 of 9000 characters are kept"),
                new TestResult("tests/cmd.yaml", "metadata", "Metadata Test", true, List.of(), 3));
        StructureTested t = StructureTested.of(
                run,
                "127.0.0.1:5000/other",
                "127.0.0.1:5000/other@sha256:" + "c".repeat(64),
                false,
                results,
                Fixtures.CONFIG,
                new TestSummary(1, 1, 2, 2000));
        return t;
    }
}
