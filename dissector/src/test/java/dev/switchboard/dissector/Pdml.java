package dev.switchboard.dissector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * tshark's PDML output (-T pdml), reduced to what the tests check: per frame its TCP facts and the
 * Switchboard items (one {@code <proto name="switchboard">} per protocol line).
 */
final class Pdml {

    private Pdml() {}

    /** One dissected protocol line. {@code fields} maps a field name to its values in order. */
    record Item(int frame, String label, Map<String, List<String>> fields) {

        String first(String field) {
            List<String> values = fields.get(field);
            return values == null ? null : values.getFirst();
        }

        List<String> all(String field) {
            return fields.getOrDefault(field, List.of());
        }

        String cmd() {
            return first("switchboard.cmd");
        }

        String direction() {
            return first("switchboard.direction");
        }

        /** Names of the expert infos on this item, e.g. "switchboard.expert.bad_utf8". */
        List<String> experts() {
            return fields.keySet().stream().filter(name -> name.startsWith("switchboard.expert.")).toList();
        }
    }

    /** One frame: its TCP fields (first value of each, reassembly too) and its Switchboard items. */
    record Packet(int frame, Map<String, String> tcp, List<Item> items) {

        Optional<String> tcp(String field) {
            return Optional.ofNullable(tcp.get(field));
        }

        int tcpStream() {
            return Integer.parseInt(tcp.getOrDefault("tcp.stream", "-1"));
        }
    }

    static List<Packet> parse(byte[] xml) throws IOException {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("tshark's PDML could not be parsed", e);
        }
        List<Packet> packets = new ArrayList<>();
        for (Element packet : children(root, "packet")) {
            int frame = -1;
            Map<String, String> tcp = new LinkedHashMap<>();
            List<Element> sbProtos = new ArrayList<>();
            for (Element proto : children(packet, "proto")) {
                String name = proto.getAttribute("name");
                if (name.equals("frame")) {
                    for (Element field : descendants(proto)) {
                        if (field.getAttribute("name").equals("frame.number")) {
                            frame = Integer.parseInt(field.getAttribute("show"));
                        }
                    }
                } else if (name.equals("tcp") || name.equals("fake-field-wrapper")) {
                    // Reassembly facts (tcp.segment.count...) come in tshark's "fake-field-wrapper".
                    for (Element field : descendants(proto)) {
                        tcp.putIfAbsent(field.getAttribute("name"), showOrValue(field));
                    }
                } else if (name.equals("switchboard")) {
                    sbProtos.add(proto);
                }
            }
            List<Item> items = new ArrayList<>();
            for (Element proto : sbProtos) {
                Map<String, List<String>> fields = new LinkedHashMap<>();
                for (Element field : descendants(proto)) {
                    fields.computeIfAbsent(field.getAttribute("name"), k -> new ArrayList<>())
                            .add(showOrValue(field));
                }
                items.add(new Item(frame, proto.getAttribute("showname"), fields));
            }
            packets.add(new Packet(frame, tcp, items));
        }
        return packets;
    }

    private static String showOrValue(Element field) {
        return field.hasAttribute("show") ? field.getAttribute("show") : field.getAttribute("value");
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    /** All field elements below parent, depth first, in document order. */
    private static List<Element> descendants(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (e.getTagName().equals("field")) {
                    out.add(e);
                }
                out.addAll(descendants(e));
            }
        }
        return out;
    }
}
