package dev.switchboard.core;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shared state every session touches: {@link LocalDirectory#find} (once per private message
 * to a new target), login and logout against a full directory, and {@link LocalDirectory#snapshot}
 * (once per presence round). Build and run:
 * <pre>
 *   mvn -Pjmh -pl bench -am -DskipTests package
 *   java -jar bench/target/jmh/benchmarks.jar DirectoryBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DirectoryBenchmark {

    /** Users online: a small server, and the 19,900-login scenario of the load generator. */
    @Param({"1000", "20000"})
    int users;

    private LocalDirectory registry;
    private ChatCore core;
    /** Names as the users typed them, in a shuffled order (see {@link Cursor}). */
    private String[] typed;
    /** The same names in lower case: found only through the case-folded key. */
    private String[] otherCase;
    /** Valid names nobody uses: a private message to someone who just left. */
    private String[] missing;
    /** Logs in and out on top of the {@code users} already online. */
    private Client extra;

    /**
     * Walks through all the names rather than asking for one: a single name would keep its bucket
     * and session in L1, and 1,000 users would look no different from 20,000.
     */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int next(int n) {
            int i = next;
            next = i + 1 == n ? 0 : i + 1;
            return i;
        }
    }

    @Setup
    public void setup() {
        // One slot more than online, so the churned login is accepted rather than refused as FULL.
        registry = new LocalDirectory(users + 1);
        core = new ChatCore(registry, new GuestAuthenticator(), "bench-presence");
        typed = new String[users];
        otherCase = new String[users];
        missing = new String[users];
        for (int i = 0; i < users; i++) {
            typed[i] = "User" + i;
            otherCase[i] = "user" + i;
            missing[i] = "Gone" + i;
            online(typed[i]);
        }
        Random random = new Random(42);
        for (String[] names : new String[][] {typed, otherCase, missing}) {
            shuffle(names, random);
        }
        extra = online("Extra");
        extraName = "Extra";
        if (!registry.logout(extra)) {
            throw new IllegalStateException("Extra was not online");
        }
        // A benchmark of the wrong path is worse than none: check what each one will measure.
        if (registry.size() != users || registry.find(typed[0]) == null || registry.find(otherCase[0]) == null
                || registry.find(missing[0]) != null) {
            throw new IllegalStateException("registry not set up as the benchmarks assume");
        }
    }

    /** A client logged in under {@code name}; its endpoint discards what the core sends it. */
    private Client online(String name) {
        Client c = core.newClient(DISCARD);
        if (registry.login(c, name, NOTHING) != LoginResult.OK) {
            throw new IllegalStateException(name + " was not logged in");
        }
        return c;
    }

    private String extraName;

    @Benchmark
    public User findOnline(Cursor cursor) {
        return registry.find(typed[cursor.next(users)]);
    }

    @Benchmark
    public User findOtherCase(Cursor cursor) {
        return registry.find(otherCase[cursor.next(users)]);
    }

    @Benchmark
    public User findMissing(Cursor cursor) {
        return registry.find(missing[cursor.next(users)]);
    }

    /**
     * The registry's part of a connect and a disconnect: the lock twice, an insert and a remove.
     * The presence round a change triggers is not included (no listener is set).
     */
    @Benchmark
    public boolean loginLogout() {
        registry.login(extra, extraName, NOTHING);
        return registry.logout(extra);
    }

    /** A consistent copy of who is online, made anew (the cached one is dropped by a change each time). */
    @Benchmark
    public UserList snapshot() {
        registry.login(extra, extraName, NOTHING);
        registry.logout(extra);
        return registry.snapshot();
    }

    /**
     * Reads while another thread churns logins. Reads take no lock, so {@code find} should cost
     * what {@link #findOnline} costs; only meaningful with a core for each thread.
     */
    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    public User contendedFind(Cursor cursor) {
        return registry.find(typed[cursor.next(users)]);
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    public boolean contendedLoginLogout() {
        registry.login(extra, extraName, NOTHING);
        return registry.logout(extra);
    }

    private static final Runnable NOTHING = () -> { };

    /** An endpoint that takes everything and keeps nothing. */
    private static final Endpoint DISCARD = new Endpoint() {
        @Override
        public boolean deliver(ChatEvent.Message m) {
            return true;
        }

        @Override
        public void roomEvent(ChatEvent.RoomEvent e) {
        }

        @Override
        public long presenceList(PresenceRound round) {
            return 0;
        }

        @Override
        public long presenceSnapshot(PresenceRound round) {
            return 0;
        }

        @Override
        public long presenceDelta(PresenceRound round) {
            return 0;
        }

        @Override
        public String peer() {
            return "bench";
        }
    };

    private static void shuffle(String[] names, Random random) {
        for (int i = names.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = names[i];
            names[i] = names[j];
            names[j] = t;
        }
    }
}
