package dev.switchboard.app;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command of the jar answers a bad command line: one line on stderr saying what is
 * wrong, prefixed with the command ({@code switchboard server: unknown option '--bogus'}), one
 * line pointing at {@code --help}, and exit status 2. Never the whole help text: it pushes the
 * one line that matters off the screen.
 *
 * <p>It covers what picocli finds while parsing and what a command finds itself and throws as a
 * {@link ParameterException} (a port out of range), for the whole tree of subcommands, because
 * {@link #install} is called once, on the root command line.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    /** A suggestion further than this many edits from what was typed is noise ("bogus" → "gui"). */
    private static final int MAX_SUGGESTION_EDITS = 2;

    /** Sets the handler and the number converters on {@code cl} and all its subcommands. */
    static void install(CommandLine cl) {
        cl.setParameterExceptionHandler(new UsageErrors());
        // picocli's own converters say "'abc' is not an int": words for programmers.
        ITypeConverter<Integer> ints = v -> (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        ITypeConverter<Long> longs = v -> whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
        ITypeConverter<Double> doubles = UsageErrors::number;
        cl.registerConverter(Integer.class, ints).registerConverter(int.class, ints);
        cl.registerConverter(Long.class, longs).registerConverter(long.class, longs);
        cl.registerConverter(Double.class, doubles).registerConverter(double.class, doubles);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String command = cl.getCommandSpec().qualifiedName();
        PrintWriter err = cl.getErr();
        err.println(command + ": " + describe(ex));
        err.println("Try '" + command + " --help' for more information.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            String what;
            if (u.isUnknownOption()) {
                what = "unknown option";
            } else if (!ex.getCommandLine().getSubcommands().isEmpty()) {
                what = "unknown command";
            } else {
                what = "unexpected argument";
            }
            return what + " '" + first + "'" + suggestion(first, u.getSuggestions());
        }
        String m = String.valueOf(ex.getMessage());
        // picocli's sentences start with a capital; ours continue "switchboard server: ...".
        boolean capitalWord = m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1));
        return capitalWord ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
    }

    private static String suggestion(String typed, List<String> suggestions) {
        for (String s : suggestions) {
            if (edits(typed, s) <= MAX_SUGGESTION_EDITS) {
                return " (did you mean " + s + "?)";
            }
        }
        return "";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int edits(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int same = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + same);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static long whole(String v, long min, long max) {
        String s = v.strip();
        try {
            long n = Long.parseLong(s);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            if (!s.matches("[-+]?\\d+")) {
                throw new TypeConversionException("'" + v + "' is not a whole number");
            }
        }
        throw new TypeConversionException("'" + v + "' is out of range (" + min + " to " + max + ")");
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + v + "' is not a number");
        }
    }
}
