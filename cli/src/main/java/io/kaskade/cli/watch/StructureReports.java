package io.kaskade.cli.watch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a run's structure-test reports as CI systems read them, from the {@code StructureTested} events
 * the watch sees: JUnit XML ({@code --junit}: one {@code testsuite} per tested artifact, one
 * {@code testcase} per structure test) and container-structure-test's own JSON report ({@code --cst-json}:
 * {@code Pass}, {@code Fail}, {@code Total}, {@code Duration} in nanoseconds, {@code Results}). Both files
 * are rewritten whole (through a temporary file and a rename) each time an artifact's results arrive, so
 * a watch that is stopped or times out still leaves complete reports of what ran.
 */
public final class StructureReports implements Consumer<WatchedRecord> {

    private final Path junit;
    private final Path cstJson;
    private final List<StructureTested> tested = new ArrayList<>();

    /** @param junit where to write JUnit XML, or null; @param cstJson where to write CST JSON, or null */
    public StructureReports(Path junit, Path cstJson) {
        this.junit = junit;
        this.cstJson = cstJson;
    }

    @Override
    public void accept(WatchedRecord record) {
        Optional<PipelineEvent> event;
        try {
            event = record.event();
        } catch (InvalidEventException e) {
            return; // the timeline reports unreadable records; a report holds only what was read
        }
        if (event.isPresent() && event.get() instanceof StructureTested t) {
            tested.removeIf(
                    old -> old.artifact().equals(t.artifact())); // a redelivered event replaces its earlier copy
            tested.add(t);
            write();
        }
    }

    /** Writes both reports now, also when no artifact was tested (empty but valid files). */
    public void write() {
        if (junit != null) {
            replace(junit, this::writeJunit);
        }
        if (cstJson != null) {
            replace(cstJson, this::writeCstJson);
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException, XMLStreamException;
    }

    private static void replace(Path target, Writer writer) {
        Path absolute = target.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    writer.write(out);
                }
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + target + ": " + e.getMessage(), e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the report " + target + ": " + e.getMessage(), e);
        }
    }

    private void writeJunit(OutputStream out) throws XMLStreamException {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("testsuites");
        xml.writeAttribute("name", "container-structure-test");
        xml.writeAttribute("tests", Integer.toString(count(null)));
        xml.writeAttribute("failures", Integer.toString(count(false)));
        xml.writeAttribute(
                "time",
                seconds(tested.stream().mapToLong(StructureReports::durationMs).sum()));
        for (StructureTested t : tested) {
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", t.artifact());
            xml.writeAttribute("tests", Integer.toString(t.results().size()));
            xml.writeAttribute(
                    "failures",
                    Long.toString(t.results().stream().filter(r -> !r.passed()).count()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("time", seconds(durationMs(t)));
            xml.writeAttribute("timestamp", t.time().toString());
            xml.writeStartElement("properties");
            property(xml, "image", t.image());
            property(xml, "runId", t.runId());
            property(xml, "commit", t.commit());
            xml.writeEndElement();
            for (TestResult r : t.results()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", cstName(r));
                xml.writeAttribute("classname", r.file() == null ? t.artifact() : r.file());
                xml.writeAttribute("time", seconds(r.durationMs()));
                if (!r.passed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute(
                            "message",
                            r.errors().isEmpty() ? "failed" : r.errors().get(0));
                    xml.writeCharacters(String.join("\n", r.errors()));
                    xml.writeEndElement();
                }
                if (r.stdout() != null && !r.stdout().isEmpty()) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(xmlSafe(r.stdout()));
                    xml.writeEndElement();
                }
                if ((r.stderr() != null && !r.stderr().isEmpty()) || r.outputNote() != null) {
                    xml.writeStartElement("system-err");
                    xml.writeCharacters(xmlSafe((r.stderr() == null ? "" : r.stderr())
                            + (r.outputNote() == null ? "" : "\n[" + r.outputNote() + "]")));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.flush();
        xml.close();
    }

    private void writeCstJson(OutputStream out) throws IOException {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("Pass", count(true));
        root.put("Fail", count(false));
        root.put("Total", count(null));
        root.put(
                "Duration",
                tested.stream().mapToLong(StructureReports::durationMs).sum() * 1_000_000L);
        ArrayNode results = root.putArray("Results");
        for (StructureTested t : tested) {
            for (TestResult r : t.results()) {
                ObjectNode result = results.addObject();
                result.put("Name", cstName(r));
                result.put("Pass", r.passed());
                if (r.stdout() != null && !r.stdout().isEmpty()) {
                    result.put("Stdout", r.stdout());
                }
                if (r.stderr() != null && !r.stderr().isEmpty()) {
                    result.put("Stderr", r.stderr());
                }
                if (!r.errors().isEmpty()) {
                    r.errors().forEach(result.putArray("Errors")::add);
                }
                result.put("Duration", r.durationMs() * 1_000_000L);
            }
        }
        out.write(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        out.write('\n');
    }

    /** The test's name as container-structure-test reports it, e.g. {@code Command Test: says hello}. */
    static String cstName(TestResult r) {
        String kind = switch (r.kind()) {
            case "command" -> "Command Test";
            case "fileExistence" -> "File Existence Test";
            case "fileContent" -> "File Content Test";
            case "metadata" -> "Metadata Test";
            case "license" -> "License Test";
            default ->
                r.kind().substring(0, 1).toUpperCase(Locale.ROOT) + r.kind().substring(1) + " Test";
        };
        return kind.equals(r.name()) ? kind : kind + ": " + r.name();
    }

    private int count(Boolean passed) {
        int n = 0;
        for (StructureTested t : tested) {
            for (TestResult r : t.results()) {
                if (passed == null || r.passed() == passed) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long durationMs(StructureTested t) {
        return t.summary() != null
                ? t.summary().durationMs()
                : t.results().stream().mapToLong(TestResult::durationMs).sum();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value == null ? "" : value);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Command output can hold control bytes XML 1.0 forbids; they become U+FFFD so the report stays readable. */
    private static String xmlSafe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints()
                .forEach(c -> b.appendCodePoint(
                        c == 0x9
                                        || c == 0xA
                                        || c == 0xD
                                        || (c >= 0x20 && c <= 0xD7FF)
                                        || (c >= 0xE000 && c <= 0xFFFD)
                                        || c >= 0x10000
                                ? c
                                : 0xFFFD));
        return b.toString();
    }
}
