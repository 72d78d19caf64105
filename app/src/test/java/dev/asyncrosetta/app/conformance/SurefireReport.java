package dev.asyncrosetta.app.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** One {@code TEST-*.xml} file surefire wrote: the suite's JVM and every test case with its result. */
record SurefireReport(Path file, Instant written, String suite, Map<String, String> properties, List<TestCase> testCases) {

    enum Result { PASSED, FAILED, SKIPPED }

    /** @param message the failure's or skip's message, empty when it passed */
    record TestCase(String name, double seconds, Result result, String message, String output) {}

    static SurefireReport read(Path file) throws IOException {
        Element suite;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Document document = builder.parse(file.toFile());
            suite = document.getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not a surefire report: " + file, e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Element property : children(suite, "properties").stream().flatMap(p -> children(p, "property").stream()).toList()) {
            properties.put(property.getAttribute("name"), property.getAttribute("value"));
        }
        List<TestCase> testCases = new ArrayList<>();
        for (Element testCase : children(suite, "testcase")) {
            Result result = Result.PASSED;
            String message = "";
            for (String failure : List.of("failure", "error")) {
                for (Element element : children(testCase, failure)) {
                    result = Result.FAILED;
                    message = element.getAttribute("message");
                }
            }
            for (Element skipped : children(testCase, "skipped")) {
                result = result == Result.FAILED ? result : Result.SKIPPED;
                message = skipped.getAttribute("message");
            }
            String output = children(testCase, "system-out").stream().map(Node::getTextContent).findFirst().orElse("");
            double seconds = testCase.getAttribute("time").isEmpty() ? 0 : Double.parseDouble(testCase.getAttribute("time").replace(",", ""));
            testCases.add(new TestCase(testCase.getAttribute("name"), seconds, result, message, output));
        }
        return new SurefireReport(file, Files.getLastModifiedTime(file).toInstant(), suite.getAttribute("name"), properties, testCases);
    }

    int count(Result result) {
        return (int) testCases.stream().filter(t -> t.result() == result).count();
    }

    double seconds() {
        return testCases.stream().mapToDouble(TestCase::seconds).sum();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) found.add(element);
        }
        return found;
    }
}
