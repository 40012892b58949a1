package dev.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Flat JSON objects (string, number and boolean values): all a run line needs, and all report reads. */
final class Json {

    private Json() {
    }

    static String write(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, e.getKey()).append(':');
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                double d = v instanceof Number n ? n.doubleValue() : 0;
                sb.append(Double.isFinite(d) || v instanceof Boolean ? v.toString() : "null");
            } else if (v == null) {
                sb.append("null");
            } else {
                quote(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /**
     * Parses one flat object; values become String, Double, Boolean or null. Returns null when
     * the line is not such an object (report skips table lines mixed into the same file).
     */
    static Map<String, Object> parse(String line) {
        String s = line.trim();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        int[] pos = {1};
        try {
            skipWs(s, pos);
            if (s.charAt(pos[0]) == '}') {
                return m;
            }
            while (true) {
                skipWs(s, pos);
                String key = string(s, pos);
                skipWs(s, pos);
                expect(s, pos, ':');
                skipWs(s, pos);
                m.put(key, value(s, pos));
                skipWs(s, pos);
                char c = s.charAt(pos[0]++);
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    return null;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Object value(String s, int[] pos) {
        char c = s.charAt(pos[0]);
        if (c == '"') {
            return string(s, pos);
        }
        int start = pos[0];
        while (pos[0] < s.length() && ",}".indexOf(s.charAt(pos[0])) < 0 && !Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
        String tok = s.substring(start, pos[0]);
        return switch (tok) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> Double.parseDouble(tok);
        };
    }

    private static String string(String s, int[] pos) {
        expect(s, pos, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(pos[0]++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(pos[0], pos[0] + 4), 16));
                        pos[0] += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private static void expect(String s, int[] pos, char c) {
        if (s.charAt(pos[0]++) != c) {
            throw new IllegalArgumentException("expected " + c);
        }
    }

    private static void skipWs(String s, int[] pos) {
        while (Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }
}
