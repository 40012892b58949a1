package dev.switchboard.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
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
                + "median."})
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
