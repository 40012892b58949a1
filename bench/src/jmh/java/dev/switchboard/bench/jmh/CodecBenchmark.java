package dev.switchboard.bench.jmh;

import dev.switchboard.protocol.ClientMessage;
import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.LineDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's per-message codec work: {@link LineDecoder#feed} over a read's worth of pipelined
 * chat lines, and {@link ClientMessage#parse} of one line. Build and run (the jmh profile builds
 * into {@code bench/target/jmh}, away from the normal build):
 * <pre>
 *   mvn -Pjmh -pl bench -am -DskipTests package
 *   java -jar bench/target/jmh/benchmarks.jar CodecBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    /** Content bytes per chat line (the throughput scenario's default is 64). */
    @Param({"64", "1024"})
    int size;

    private byte[] read;
    private byte[] line;
    private LineDecoder decoder;
    private LineDecoder splitDecoder;
    private CountingSink sink;

    @Setup
    public void setup() {
        String content = "x".repeat(size);
        line = ("u00042|" + content).getBytes(StandardCharsets.UTF_8);
        byte[] withEnd = ("u00042|" + content + "\n").getBytes(StandardCharsets.UTF_8);
        // One 64 KiB read of pipelined lines, the last one cut in the middle.
        read = new byte[64 * 1024];
        for (int pos = 0; pos < read.length; pos += withEnd.length) {
            System.arraycopy(withEnd, 0, read, pos, Math.min(withEnd.length, read.length - pos));
        }
        decoder = new LineDecoder(64 * 1024);
        splitDecoder = new LineDecoder(64 * 1024);
        sink = new CountingSink();
    }

    /**
     * Decodes one 64 KiB read: 910 lines at size 64, 63 at size 1024 (the benchmark returns the
     * count); divide the time per operation by it for a per-line cost.
     */
    @Benchmark
    public int feed64KiB() {
        sink.lines = 0;
        decoder.feed(read, 0, read.length, sink);
        return sink.lines;
    }

    /** The same bytes arriving in 1,460-byte segments (one Ethernet MSS each): lines span feeds. */
    @Benchmark
    public int feedInSegments() {
        sink.lines = 0;
        for (int off = 0; off < read.length; off += 1460) {
            splitDecoder.feed(read, off, Math.min(1460, read.length - off), sink);
        }
        return sink.lines;
    }

    @Benchmark
    public ClientMessage parsePrivate() {
        return ClientMessage.parse(line, 0, line.length);
    }

    @Benchmark
    public void parseHandshake(Blackhole bh) {
        bh.consume(ClientMessage.parse(line, 0, 6));
    }

    static final class CountingSink implements LineDecoder.Sink {
        int lines;
        long bytes;

        @Override
        public void line(byte[] buf, int off, int len) {
            lines++;
            bytes += buf[off + len - 1];
        }

        @Override
        public void error(DecodeError error) {
            lines--;
        }
    }
}
