package dev.switchboard.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one run: a human table and one flat JSON object (one line) with the same values,
 * so that {@code bench report} can chart a file of such lines.
 */
final class Report {

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final String title;
    private final List<String> failures = new ArrayList<>();

    Report(String scenario, String label) {
        json.put("scenario", scenario);
        json.put("label", label);
        json.put("time", java.time.Instant.now().toString());
        this.title = scenario + " against " + label;
    }

    /** A parameter of the run: in the JSON and in the table. */
    Report param(String key, Object value) {
        json.put(key, value);
        rows.add(new String[] {key, String.valueOf(value)});
        return this;
    }

    /** A measured value: {@code human} is its row label, {@code shown} its formatted value. */
    Report metric(String key, Object value, String human, String shown) {
        json.put(key, value);
        rows.add(new String[] {human, shown});
        return this;
    }

    /** A table-only row: a sentence for people, its numbers are in the JSON under their own keys. */
    Report row(String human, String shown) {
        rows.add(new String[] {human, shown});
        return this;
    }

    /** A JSON-only value. */
    Report data(String key, Object value) {
        json.put(key, value);
        return this;
    }

    Report failure(String why) {
        failures.add(why);
        return this;
    }

    /** The failures so far, joined. */
    String failures() {
        return String.join("; ", failures);
    }

    boolean ok() {
        return failures.isEmpty();
    }

    /** Adds the server's /proc figures under {@code server_*} keys. */
    Report server(String when, ProcStats s, ProcStats before) {
        if (s == null) {
            return this;
        }
        metric("server_rss_kib", s.rssKib(), "server RSS " + when, String.format(Locale.ROOT, "%,d KiB", s.rssKib()));
        metric("server_hwm_kib", s.hwmKib(), "server peak RSS", String.format(Locale.ROOT, "%,d KiB", s.hwmKib()));
        metric("server_threads", s.threads(), "server threads", Integer.toString(s.threads()));
        if (before != null) {
            double cpu = s.cpuSeconds() - before.cpuSeconds();
            metric("server_cpu_s", round(cpu, 2), "server CPU during run", String.format(Locale.ROOT, "%.2f s", cpu));
        }
        return this;
    }

    void print(PrintWriter out) {
        json.put("ok", ok());
        if (!ok()) {
            json.put("failure", String.join("; ", failures));
        }
        out.println(title);
        int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        for (String[] r : rows) {
            out.printf("  %-" + w + "s  %s%n", r[0], r[1]);
        }
        out.println(ok() ? "  result" + " ".repeat(Math.max(1, w - 4)) + "OK" : "  FAILED: " + String.join("; ", failures));
        out.println(Json.write(json));
        out.flush();
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String si(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String micros(double nanos) {
        return String.format(Locale.ROOT, "%,.1f µs", nanos / 1e3);
    }

    static String millis(double nanos) {
        return String.format(Locale.ROOT, "%,.1f ms", nanos / 1e6);
    }

    static String seconds(double nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
