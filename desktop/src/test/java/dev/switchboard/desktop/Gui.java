package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.InputMethodEvent;
import java.awt.event.KeyEvent;
import java.awt.font.TextHitInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.AttributedString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.swing.JComponent;
import javax.swing.RootPaneContainer;
import javax.swing.SwingUtilities;

/**
 * Swing robot code for the GUI tests: runs on the EDT, finds components by name, presses keys
 * through the real key bindings, waits on conditions read on the EDT, takes screenshots.
 */
final class Gui {
    private Gui() {}

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** Fails (never skips) when there is no display: the GUI tests are part of the suite. */
    static void requireDisplay() {
        if (GraphicsEnvironment.isHeadless()) {
            fail("The desktop client's GUI tests need an X display, and this JVM has none (DISPLAY="
                    + System.getenv("DISPLAY") + "). Run them under a virtual one: "
                    + "'xvfb-run -a mvn -pl desktop -am verify', or './switchboard test', which does that itself.");
        }
    }

    /** Runs {@code task} on the EDT and returns its result. */
    static <T> T edt(Callable<T> task) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> error = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> {
                try {
                    result.set(task.call());
                } catch (Exception e) {
                    error.set(e);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (error.get() != null) {
            throw error.get() instanceof RuntimeException re ? re : new IllegalStateException(error.get());
        }
        return result.get();
    }

    /**
     * Runs {@code task} on the EDT and returns its result, or fails with the EDT's stack when the
     * EDT does not get to it within {@code limit}: a test of a frozen window fails instead of hanging.
     */
    static <T> T within(Duration limit, String what, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        SwingUtilities.invokeLater(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the EDT did not get to '" + what + "' within " + limit.toMillis()
                    + " ms; it is busy here:\n" + edtStack());
        }
    }

    /** What the event dispatch thread is doing right now, for failure messages. */
    static String edtStack() {
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, 40)) {
            if (ti.getThreadName().startsWith("AWT-EventQueue")) {
                sb.append(ti.getThreadName()).append(' ').append(ti.getThreadState()).append('\n');
                for (StackTraceElement e : ti.getStackTrace()) {
                    sb.append("    at ").append(e).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /**
     * Types {@code text} into the focus owner as a keyboard does once the system has turned keys
     * into characters: one {@code KEY_TYPED} event per character, posted to the event queue, so it
     * takes the real path (focus manager, key bindings, the text component's typed-key action,
     * its document). Characters outside the BMP (emoji) come from input methods, never as typed
     * keys: see {@link #commit}.
     */
    static void typeKeys(Component target, String text) {
        EventQueue queue = Toolkit.getDefaultToolkit().getSystemEventQueue();
        for (char ch : text.toCharArray()) {
            if (Character.isSurrogate(ch)) {
                throw new IllegalArgumentException("a keyboard types no surrogate halves; commit it from an input method");
            }
            queue.postEvent(new KeyEvent(target, KeyEvent.KEY_TYPED, System.currentTimeMillis(), 0, KeyEvent.VK_UNDEFINED, ch));
        }
    }

    /**
     * What an input method (IBus, fcitx, XIM) sends while composing: {@code composed} shown as
     * uncommitted text, nothing committed yet.
     */
    static void compose(Component target, String composed) {
        postInputMethodText(target, composed, 0);
    }

    /** What an input method sends when the user accepts {@code text}: all of it committed. */
    static void commit(Component target, String text) {
        postInputMethodText(target, text, text.length());
    }

    private static void postInputMethodText(Component target, String text, int committed) {
        AttributedString as = new AttributedString(text);
        InputMethodEvent e = new InputMethodEvent(target, InputMethodEvent.INPUT_METHOD_TEXT_CHANGED,
                text.isEmpty() ? null : as.getIterator(), committed,
                committed == text.length() ? null : TextHitInfo.leading(text.length() - committed), null);
        Toolkit.getDefaultToolkit().getSystemEventQueue().postEvent(e);
    }

    /**
     * Clicks the middle of {@code c} with the real mouse ({@link Robot}), as a person does to put
     * the focus there, and waits until it has the focus.
     */
    static void click(Component c) {
        java.awt.Point p = edt(() -> {
            java.awt.Point at = c.getLocationOnScreen();
            return new java.awt.Point(at.x + c.getWidth() / 2, at.y + c.getHeight() / 2);
        });
        Robot robot = robot();
        robot.mouseMove(p.x, p.y);
        robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
    }

    static Robot robot() {
        try {
            Robot r = new Robot();
            r.setAutoDelay(10);
            return r;
        } catch (java.awt.AWTException e) {
            throw new IllegalStateException("no robot on this display", e);
        }
    }

    /** Presses and releases {@code keyCode} on {@code target} through the event queue, as a keyboard does. */
    static void key(Component target, int keyCode, int modifiers) {
        EventQueue queue = Toolkit.getDefaultToolkit().getSystemEventQueue();
        long now = System.currentTimeMillis();
        queue.postEvent(new KeyEvent(target, KeyEvent.KEY_PRESSED, now, modifiers, keyCode, KeyEvent.CHAR_UNDEFINED));
        queue.postEvent(new KeyEvent(target, KeyEvent.KEY_RELEASED, now, modifiers, keyCode, KeyEvent.CHAR_UNDEFINED));
    }

    /**
     * Records what is thrown out of the EDT (and any other thread) while open, so a test fails on
     * an exception that Swing would only print.
     */
    static final class UncaughtErrors implements AutoCloseable {
        private final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

        UncaughtErrors() {
            Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
                errors.add(e);
                if (previous != null) {
                    previous.uncaughtException(t, e);
                } else {
                    System.err.print("Exception in thread \"" + t.getName() + "\" ");
                    e.printStackTrace();
                }
            });
        }

        List<Throwable> errors() {
            synchronized (errors) {
                return List.copyOf(errors);
            }
        }

        @Override
        public void close() {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    static void run(Runnable task) {
        edt(() -> {
            task.run();
            return null;
        });
    }

    /** Waits until {@code value}, read on the EDT, is true. */
    static void until(String what, Supplier<Boolean> value) {
        await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> edt(value::get));
    }

    /** Presses {@code keyCode} with {@code modifiers} on {@code target} through Swing's key bindings. */
    static boolean press(JComponent target, int keyCode, int modifiers) {
        return edt(() -> {
            KeyEvent e = new KeyEvent(target, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), modifiers, keyCode,
                    KeyEvent.CHAR_UNDEFINED);
            return SwingUtilities.processKeyBindings(e);
        });
    }

    /** The component named {@code name} inside {@code root}. */
    static <T extends Component> T find(Container root, String name, Class<T> type) {
        Component c = findIn(root, name);
        if (c == null) {
            throw new AssertionError("no component named " + name + " in " + root.getName());
        }
        return type.cast(c);
    }

    private static Component findIn(Container root, String name) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName())) {
                return c;
            }
            if (c instanceof Container k) {
                Component found = findIn(k, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Paints {@code window} into a PNG under the screenshot folder. EDT only. */
    static Path screenshot(RootPaneContainer window, String file) {
        Component root = window.getRootPane();
        Component focus = java.awt.KeyboardFocusManager.getCurrentKeyboardFocusManager().getFocusOwner();
        if (focus instanceof javax.swing.text.JTextComponent t && SwingUtilities.isDescendingFrom(t, root)) {
            // A blinking caret is on in one run's picture and off in the next: keep it on.
            t.getCaret().setBlinkRate(0);
            t.getCaret().setVisible(true);
        }
        root.validate();
        BufferedImage img = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        root.paint(g);
        g.dispose();
        Path dir = Path.of(System.getProperty("switchboard.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve(file);
            ImageIO.write(img, "png", out.toFile());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
