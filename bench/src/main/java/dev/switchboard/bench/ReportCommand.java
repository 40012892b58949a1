package dev.switchboard.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench report FILE...}: PNG charts from the JSON lines of earlier runs (the rest of each
 * file, tables and progress, is ignored). Several runs of the same point are reduced to their
 * median; series are the runs' labels, so relay.c and our server land in the same chart.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"PNG charts from the JSON lines of earlier runs.",
                "Charts from saved bench output: throughput vs pairs, latency percentiles, storm time vs "
                + "N, login time vs N (PNG, one per scenario present in the input). Repeated runs: the "
                + "median.",
                "Latency runs made with --histograms also give latency-distribution.png: the whole "
                + "percentile distribution of every server and rate in one picture (the runs of each "
                + "merged), with the load generator's send lag, the instrument's floor."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files holding bench stdout (JSON lines).")
    List<Path> inputs;

    @Option(names = {"-o", "--out-dir"}, defaultValue = ".", description = "Where the PNGs go (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Path p : inputs) {
            for (String line : Files.readAllLines(p)) {
                Map<String, Object> m = Json.parse(line);
                if (m != null && Boolean.TRUE.equals(m.get("ok")) && m.get("scenario") != null) {
                    runs.add(m);
                }
            }
        }
        Files.createDirectories(outDir);
        PrintWriter out = spec.commandLine().getOut();
        int written = 0;
        written += xy(runs, out, "throughput", "throughput-vs-pairs", "Throughput vs pairs (closed loop)", "pairs",
                "delivered msgs/s", "pairs", "msgs_per_s", m -> true, m -> "");
        written += xy(runs, out, "storm", "storm-vs-n", "Storm: N clients log in at once, time until all hold the full list",
                "clients", "seconds", "clients", "all_full_list_s", m -> true,
                m -> Boolean.TRUE.equals(m.get("presence")) ? " (presence)" : " (USERS lines)");
        written += xy(runs, out, "connect", "connect-vs-n", "Connect: time until N clients are logged in", "clients",
                "seconds", "clients", "all_logged_in_s", m -> true, m -> "");
        written += latency(runs, out);
        written += latencyDistribution(runs, out);
        out.printf("%d chart(s) written to %s%n", written, outDir);
        out.flush();
        return written > 0 ? 0 : 1;
    }

    private int xy(List<Map<String, Object>> runs, PrintWriter out, String scenario, String file, String title,
                   String xTitle, String yTitle, String xKey, String yKey, Predicate<Map<String, Object>> filter,
                   Function<Map<String, Object>, String> seriesSuffix) throws IOException {
        // series -> x -> values
        Map<String, TreeMap<Double, List<Double>>> series = new TreeMap<>();
        for (Map<String, Object> m : runs) {
            if (!scenario.equals(m.get("scenario")) || !filter.test(m) || !(m.get(xKey) instanceof Double x)
                    || !(m.get(yKey) instanceof Double y)) {
                continue;
            }
            String name = m.get("label") + seriesSuffix.apply(m);
            series.computeIfAbsent(name, s -> new TreeMap<>()).computeIfAbsent(x, v -> new ArrayList<>()).add(y);
        }
        if (series.isEmpty()) {
            return 0;
        }
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(7);
        for (Map.Entry<String, TreeMap<Double, List<Double>>> e : series.entrySet()) {
            double[] xs = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] ys = e.getValue().values().stream().mapToDouble(ReportCommand::median).toArray();
            chart.addSeries(e.getKey(), xs, ys);
        }
        return save(chart, file, out);
    }

    private int latency(List<Map<String, Object>> runs, PrintWriter out) throws IOException {
        String[] keys = {"p50_us", "p90_us", "p99_us", "p999_us", "max_us"};
        List<String> cats = List.of("p50", "p90", "p99", "p99.9", "max");
        Map<String, List<List<Double>>> series = new TreeMap<>();
        for (Map<String, Object> m : runs) {
            if (!"latency".equals(m.get("scenario"))) {
                continue;
            }
            String name = String.format("%s, %,.0f msgs/s, %s pairs", m.get("label"), (Double) m.get("rate"),
                    Math.round((Double) m.get("pairs")));
            List<List<Double>> vals = series.computeIfAbsent(name, s -> {
                List<List<Double>> l = new ArrayList<>();
                for (int i = 0; i < keys.length; i++) {
                    l.add(new ArrayList<>());
                }
                return l;
            });
            for (int i = 0; i < keys.length; i++) {
                if (m.get(keys[i]) instanceof Double d) {
                    vals.get(i).add(d);
                }
            }
        }
        if (series.isEmpty()) {
            return 0;
        }
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Latency percentiles (open loop, corrected for coordinated omission)")
                .xAxisTitle("percentile").yAxisTitle("microseconds (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setXAxisTickMarkSpacingHint(120);
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            int i = (int) Math.round(x);
            return Math.abs(x - i) < 1e-9 && i >= 0 && i < cats.size() ? cats.get(i) : "";
        });
        double[] xs = {0, 1, 2, 3, 4};
        for (Map.Entry<String, List<List<Double>>> e : series.entrySet()) {
            double[] ys = new double[keys.length];
            for (int i = 0; i < keys.length; i++) {
                List<Double> v = e.getValue().get(i);
                ys[i] = v.isEmpty() ? 1.0 : Math.max(1.0, median(v));
            }
            chart.addSeries(e.getKey(), xs, ys);
        }
        return save(chart, "latency-percentiles", out);
    }

    /** Highest percentile drawn as such; the maximum is drawn after it, at 1 - 1/count. */
    static final double TOP_PERCENTILE = 99.999;

    /**
     * The latency percentile distribution of every (server, rate) in one chart, as HdrHistogram
     * plots it: x is the percentile on a log scale of 1/(1 - q), labelled 90%, 99%, 99.9%...;
     * y the latency, log scale. Each series merges the histograms of its runs. The send lag of
     * all runs at a rate is drawn too, in grey: what the load generator itself adds at most.
     */
    private int latencyDistribution(List<Map<String, Object>> runs, PrintWriter out) throws IOException {
        Map<String, Histogram> latency = new TreeMap<>(ReportCommand::bySeries);
        Map<String, Histogram> lag = new TreeMap<>(ReportCommand::bySeries);
        Map<String, Integer> count = new TreeMap<>();
        Map<String, Double> rateOf = new TreeMap<>();
        List<Double> rates = new ArrayList<>();
        for (Map<String, Object> m : runs) {
            if (!"latency".equals(m.get("scenario")) || !(m.get("histogram") instanceof String h)
                    || !(m.get("rate") instanceof Double rate)) {
                continue;
            }
            String key = String.format(Locale.ROOT, "%s, %,.0f msgs/s", m.get("label"), rate);
            latency.computeIfAbsent(key, k -> LatencyScenario.histogram()).add(LatencyScenario.decode(h));
            count.merge(key, 1, Integer::sum);
            rateOf.put(key, rate);
            if (!rates.contains(rate)) {
                rates.add(rate);
            }
            if (m.get("send_lag_histogram") instanceof String l) {
                String lagKey = String.format(Locale.ROOT, "load generator send lag (floor), %,.0f msgs/s", rate);
                lag.computeIfAbsent(lagKey, k -> LatencyScenario.histogram()).add(LatencyScenario.decode(l));
                count.merge(lagKey, 1, Integer::sum);
                rateOf.put(lagKey, rate);
            }
        }
        if (latency.isEmpty()) {
            return 0;
        }
        rates.sort(null);
        XYChart chart = new XYChartBuilder().width(1000).height(620)
                .title("Latency percentile distribution (open loop, corrected for coordinated omission; runs merged)")
                .xAxisTitle("percentile").yAxisTitle("milliseconds (log scale)").build();
        XYStyler st = chart.getStyler();
        st.setYAxisLogarithmic(true);
        // Bottom right: where no distribution goes (the tails rise to the right).
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setMarkerSize(0);
        st.setXAxisMin(0.0);
        st.setXAxisTickMarkSpacingHint(60);
        chart.setCustomXAxisTickLabelsFormatter(ReportCommand::percentileLabel);
        int other = 0;
        for (Map.Entry<String, Histogram> e : latency.entrySet()) {
            String label = e.getKey().substring(0, e.getKey().lastIndexOf(", "));
            Color color = switch (label) {
                case "relay.c" -> RELAY_COLOR;
                case "switchboard" -> SWITCHBOARD_COLOR;
                default -> OTHER_COLORS[other++ % OTHER_COLORS.length];
            };
            addDistribution(chart, e.getKey(), count.get(e.getKey()), e.getValue(), color,
                    rates.indexOf(rateOf.get(e.getKey())));
        }
        for (Map.Entry<String, Histogram> e : lag.entrySet()) {
            addDistribution(chart, e.getKey(), count.get(e.getKey()), e.getValue(), FLOOR_COLOR,
                    rates.indexOf(rateOf.get(e.getKey())));
        }
        return save(chart, "latency-distribution", out);
    }

    static final Color RELAY_COLOR = new Color(0x1f77b4);
    static final Color SWITCHBOARD_COLOR = new Color(0xd62728);
    static final Color FLOOR_COLOR = new Color(0x8c8c8c);
    static final Color[] OTHER_COLORS = {new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x17becf)};
    /** One line style per rate, in increasing order of rate. */
    static final BasicStroke[] RATE_STROKES = {new BasicStroke(2.2f),
        new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 5f}, 0f),
        new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f)};

    /** Series sort: by rate first (the number after the last ", "), then by name. */
    private static int bySeries(String a, String b) {
        int c = Double.compare(rateIn(a), rateIn(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static double rateIn(String key) {
        String r = key.substring(key.lastIndexOf(", ") + 2).replace(" msgs/s", "").replace(",", "");
        try {
            return Double.parseDouble(r);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void addDistribution(XYChart chart, String name, int runs, Histogram h, Color color, int rateIndex) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double q = v.getPercentileLevelIteratedTo();
            if (q > TOP_PERCENTILE) {
                break;
            }
            xs.add(percentileX(q));
            ys.add(Math.max(1e-3, v.getValueIteratedTo() / 1e6));
        }
        if (h.getTotalCount() > 1) {
            xs.add(percentileX(100.0 * (1 - 1.0 / h.getTotalCount())));
            ys.add(Math.max(1e-3, h.getMaxValue() / 1e6));
        }
        XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s (%d run%s)", name, runs, runs == 1 ? "" : "s"), xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(RATE_STROKES[Math.max(0, rateIndex) % RATE_STROKES.length]);
    }

    /** x of percentile {@code q} (0..100): log10(1 / (1 - q/100)), so 90% is 1, 99% is 2, 99.9% is 3. */
    static double percentileX(double q) {
        return Math.log10(1 / (1 - Math.min(q, 99.9999999) / 100));
    }

    /** Labels whole x values as percentiles (0%, 90%, 99%, 99.9%, ...), other ticks not at all. */
    static String percentileLabel(double x) {
        long n = Math.round(x);
        if (Math.abs(x - n) > 1e-9 || n < 0) {
            return "";
        }
        if (n == 0) {
            return "0%";
        }
        return switch ((int) n) {
            case 1 -> "90%";
            case 2 -> "99%";
            default -> "99." + "9".repeat((int) n - 2) + "%";
        };
    }

    private int save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String file, PrintWriter out) throws IOException {
        Path p = outDir.resolve(file + ".png");
        BitmapEncoder.saveBitmap(chart, p.toString(), BitmapEncoder.BitmapFormat.PNG);
        out.println("wrote " + p);
        return 1;
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().filter(Objects::nonNull).sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
