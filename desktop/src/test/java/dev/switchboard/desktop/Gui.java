package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.awt.Component;
import java.awt.Container;
import java.awt.GraphicsEnvironment;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
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
