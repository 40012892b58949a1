package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every scenario, tiny, against the real server in this JVM: the exit code is 0, the JSON line is
 * there and its numbers make sense. Full-size runs are in docs/BENCHMARKS.md, not here.
 */
@Timeout(60)
class BenchSmokeTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1").withMaxClients(1000)).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    /** Runs {@code bench args...} against the test server; returns the exit code and stdout. */
    private static Result bench(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--port", Integer.toString(server.port()), "--quiet", "--timeout", "30"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {
        Map<String, Object> json() {
            return out.lines().map(Json::parse).filter(m -> m != null).reduce((a, b) -> b).orElseThrow();
        }

        double num(String key) {
            Object v = json().get(key);
            assertThat(v).as(key + " in " + out).isInstanceOf(Double.class);
            return (Double) v;
        }
    }

    @Test
    void connect() {
        Result r = bench("connect", "-n", "20", "--prefix", "c");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.num("logged_in")).isEqualTo(20);
        assertThat(r.num("all_logged_in_s")).isPositive().isLessThan(30);
        assertThat(r.num("login_p50_ms")).isPositive().isLessThanOrEqualTo(r.num("login_max_ms"));
    }

    @Test
    void throughput() {
        Result r = bench("throughput", "--pairs", "2", "--window", "50", "--duration", "1", "--warmup", "0.2",
                "--prefix", "t");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.num("msgs_per_s")).isGreaterThan(100);
        assertThat(r.num("bytes_per_s")).isGreaterThan(r.num("msgs_per_s") * 64);
        assertThat(r.num("measured_msgs")).isPositive();
    }

    @Test
    void latency() {
        Result r = bench("latency", "--pairs", "2", "--rate", "2000", "--duration", "1", "--warmup", "0.2",
                "--jit-warmup", "2000", "--histograms", "--prefix", "l");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.num("recorded")).isEqualTo(2000);
        assertThat(r.num("p50_us")).isPositive();
        assertThat(r.num("p50_us")).isLessThanOrEqualTo(r.num("p99_us"));
        assertThat(r.num("p99_us")).isLessThanOrEqualTo(r.num("max_us"));
        // The floor: the load generator's own lateness and blind spots, in the table and the JSON.
        assertThat(r.num("send_lag_p50_us")).isLessThanOrEqualTo(r.num("send_lag_p99_us"));
        assertThat(r.num("send_lag_p99_us")).isLessThanOrEqualTo(r.num("send_lag_max_us"));
        assertThat(r.num("from_write_p50_us")).isPositive().isLessThanOrEqualTo(r.num("from_write_max_us"));
        assertThat(r.num("loop_gap_max_us")).isPositive();
        assertThat(r.num("loadgen_warmup_rounds")).isBetween(1.0, (double) LatencyScenario.JIT_WARMUP_MAX_ROUNDS);
        assertThat(r.out()).contains("instrument floor").doesNotContain("yardstick  ");
        assertThat(r.json().get("yardstick")).isEqualTo(false);
        assertThat(LatencyScenario.decode((String) r.json().get("histogram")).getTotalCount()).isEqualTo(2000);
    }

    @Test
    void latencyWithoutSpinning() {
        Result r = bench("latency", "--pairs", "2", "--rate", "500", "--duration", "0.5", "--warmup", "0.1",
                "--jit-warmup", "0", "--no-spin", "--prefix", "n");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.json().get("spin")).isEqualTo(false);
        assertThat(r.num("recorded")).isEqualTo(250);
        assertThat(r.json()).doesNotContainKey("histogram");
    }

    @Test
    void storm() {
        Result r = bench("storm", "-n", "20", "--prefix", "s");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.num("all_full_list_s")).isPositive();
        // Everyone must at least have received one full list of 20 six-byte names.
        assertThat(r.num("presence_bytes")).isGreaterThanOrEqualTo(20 * (6 + 20 * 7));
    }

    @Test
    void stormWithPresenceCapability() {
        Result r = bench("storm", "-n", "20", "--presence", "--prefix", "p");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.num("all_full_list_s")).isPositive();
        assertThat((Boolean) r.json().get("presence")).isTrue();
    }

    @Test
    void failedLoginsMakeTheExitCodeNonZero() {
        // 1,100 clients against a server that takes 1,000: the rest are refused with "Server is full".
        Result r = bench("connect", "-n", "1100", "--prefix", "f");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.json().get("ok")).isEqualTo(false);
    }

    /**
     * Progress lines name the server as {@code 127.0.0.1:port}, the way it was given, not as an
     * InetSocketAddress prints itself ({@code /127.0.0.1:port}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"connect -n 2", "storm -n 2", "throughput --pairs 1 --duration 0.2 --warmup 0.1",
        "latency --pairs 1 --rate 100 --duration 0.2 --warmup 0.1 --jit-warmup 0"})
    void progressShowsTheServerAddressAsHostColonPort(String args) {
        List<String> all = new ArrayList<>(List.of(args.split(" ")));
        all.addAll(List.of("--port", Integer.toString(server.port()), "--timeout", "30", "--prefix", "a" + all.get(0).charAt(0)));
        CommandLine cl = new CommandLine(new BenchCommand());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ((Scenario) cl.getSubcommands().get(all.get(0)).getCommand()).err = new PrintStream(progress, true, StandardCharsets.UTF_8);
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int code = cl.execute(all.toArray(String[]::new));
        String text = progress.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text.lines().findFirst().orElse("")).contains(" to 127.0.0.1:" + server.port() + ",")
                .doesNotContain("/127.0.0.1");
    }

    @Test
    void reportDrawsChartsFromSavedRuns(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs.txt");
        String lines = String.join("\n",
                "throughput against x",
                "{\"scenario\":\"throughput\",\"label\":\"relay\",\"pairs\":1,\"msgs_per_s\":1000,\"ok\":true}",
                "{\"scenario\":\"throughput\",\"label\":\"relay\",\"pairs\":10,\"msgs_per_s\":5000,\"ok\":true}",
                "{\"scenario\":\"storm\",\"label\":\"relay\",\"clients\":1000,\"presence\":false,\"all_full_list_s\":0.1,\"ok\":true}",
                "{\"scenario\":\"latency\",\"label\":\"relay\",\"pairs\":100,\"rate\":10000,\"p50_us\":50,\"p90_us\":60,"
                        + "\"p99_us\":90,\"p999_us\":200,\"max_us\":900,\"ok\":true}",
                latencyRun("relay.c", 10_000, 50_000, 1),
                latencyRun("relay.c", 10_000, 60_000, 1),
                latencyRun("switchboard", 10_000, 90_000, 20),
                latencyRun("switchboard", 50_000, 120_000, 40));
        Files.writeString(runs, lines);
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("report", "-o", dir.toString(), runs.toString());
        assertThat(code).as(out.toString()).isZero();
        for (String png : List.of("throughput-vs-pairs.png", "storm-vs-n.png", "latency-percentiles.png",
                "latency-distribution.png")) {
            assertThat(dir.resolve(png)).isNotEmptyFile();
        }
        assertThat(out.toString()).contains("4 chart(s)");
    }

    /** A latency run's JSON line with histograms: 10,000 messages around {@code nanos}, a tail of {@code tailMs}. */
    private static String latencyRun(String label, double rate, long nanos, long tailMs) {
        Histogram h = LatencyScenario.histogram();
        Histogram lag = LatencyScenario.histogram();
        for (int i = 0; i < 10_000; i++) {
            h.recordValue(nanos + i * 7L);
            lag.recordValue(1_000 + i);
        }
        h.recordValue(tailMs * 1_000_000);
        return String.format(java.util.Locale.ROOT,
                "{\"scenario\":\"latency\",\"label\":\"%s\",\"pairs\":100,\"rate\":%.1f,\"p50_us\":50,\"histogram\":\"%s\","
                + "\"send_lag_histogram\":\"%s\",\"ok\":true}", label, rate, LatencyScenario.encode(h), LatencyScenario.encode(lag));
    }

    @Test
    void percentileLabelsOnTheDistributionChart() {
        assertThat(ReportCommand.percentileX(90)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ReportCommand.percentileX(99.9)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 2.5).stream().map(ReportCommand::percentileLabel))
                .containsExactly("0%", "90%", "99%", "99.9%", "99.99%", "");
    }
}
