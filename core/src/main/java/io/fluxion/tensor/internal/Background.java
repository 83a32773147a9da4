package io.fluxion.tensor.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Work Fluxion starts once per JVM on a daemon thread of its own, ahead of a caller that will need
 * it ({@link Preload}, the fused loops' warm-up): a daemon, so that it never keeps a JVM alive.
 */
public final class Background {
    private Background() {}

    /**
     * Starts {@code task} on a daemon thread named {@code name} and records it in {@code started},
     * unless a thread was recorded there before; of racing callers, one starts it.
     */
    public static void once(AtomicReference<Thread> started, String name, Runnable task) {
        if (started.get() != null) {
            return;
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        if (started.compareAndSet(null, t)) {
            t.start();
        }
    }
}
