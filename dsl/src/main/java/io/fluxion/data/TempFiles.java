package io.fluxion.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The temporary files of atomic saves ({@link Npz#write}), named {@code .NAME.RANDOM.tmp} beside
 * their target {@code NAME}. None outlives its save: a writer holds a lock on its file while it
 * writes; a failed save deletes its file; a JVM that shuts down (SIGTERM, {@code System.exit})
 * deletes those it is writing; and after a crash or {@code kill -9}, which run no code, the next
 * save of the same target deletes the ones no live writer holds locked (in this JVM or another
 * process).
 *
 * <p>Shutdown hooks run concurrently, in no given order, and the JVM halts when the last ends: a
 * file created after this class's hook ran could outlive the JVM, so no save starts once it has,
 * and one in progress (in another hook, too) loses its file and fails. That is the price of
 * leaving nothing behind; a final checkpoint is saved before exiting, not from a hook.
 *
 * <p>Locks are POSIX advisory locks, dropped by the kernel when their process dies, and dropped
 * too when the same process closes any other channel to the file: so this JVM never opens a file
 * it is writing itself, and tells its own from others' by {@link #LIVE}, not by locks. Where a
 * file system cannot lock, a writer goes on without its lock and no cleaner deletes anything.
 */
final class TempFiles {

    /** Guards {@link #LIVE} and {@link #shuttingDown}; a file is created and registered under it. */
    private static final Object MONITOR = new Object();
    /** The temporary files this JVM is writing. */
    private static final Set<Path> LIVE = new HashSet<>();
    private static boolean shuttingDown;
    private static boolean hooked;

    private TempFiles() {}

    /**
     * A temporary file being written for a save of {@code target}.
     *
     * @param path where it is
     * @param channel open for writing, holding the file's lock while it is open
     */
    record Temp(Path path, FileChannel channel) {}

    /** A new empty file beside {@code target}, locked and registered for deletion at shutdown. */
    static Temp create(Path target) throws IOException {
        while (true) {
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path path = target.resolveSibling(prefix(target) + suffix + ".tmp");
            FileChannel channel;
            synchronized (MONITOR) {
                if (shuttingDown || !hook()) {
                    throw new IOException("the JVM is shutting down: no new save starts");
                }
                try {
                    // Created directly (not createTempFile) to get the usual permissions.
                    channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    continue; // another writer drew the same name: draw again
                }
                LIVE.add(path);
            }
            try {
                lock(channel);
                // A cleaner in another process may have locked and deleted it between its creation
                // and our lock: then it is gone, and another name is drawn.
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    return new Temp(path, channel);
                }
                channel.close();
                forget(path);
            } catch (IOException | RuntimeException | Error e) {
                discard(new Temp(path, channel), e);
                throw e;
            }
        }
    }

    /** Waits for the lock (a cleaner holds one only while it deletes); goes on without where locks are unsupported. */
    private static void lock(FileChannel channel) {
        try {
            channel.lock();
        } catch (IOException e) {
            // No locks on this file system: no cleaner can lock this file either, so none deletes it.
        }
    }

    /** Closes and deletes a failed save's file, adding any failure to do so to {@code cause}. */
    static void discard(Temp t, Throwable cause) {
        try {
            t.channel().close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
        try {
            Files.deleteIfExists(t.path());
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
        forget(t.path());
    }

    /** The file is renamed or deleted: shutdown need not delete it. */
    static void forget(Path path) {
        synchronized (MONITOR) {
            LIVE.remove(path);
        }
    }

    /**
     * Deletes the temporary files of {@code target} left by saves that died (no live writer holds
     * them); best effort: a save does not fail for want of cleaning.
     */
    static void removeStale(Path target) {
        String prefix = prefix(target);
        DirectoryStream.Filter<Path> ours = p -> isTemp(p.getFileName().toString(), prefix);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(), ours)) {
            for (Path p : files) {
                synchronized (MONITOR) {
                    if (LIVE.contains(p)) {
                        continue; // this JVM is writing it; opening it would drop its lock
                    }
                }
                removeIfUnlocked(p);
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable directory: the save itself will say what is wrong, if anything.
        }
    }

    private static void removeIfUnlocked(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                // Deleted while locked: a writer that locks after us sees that it is gone.
                Files.deleteIfExists(p);
            }
        } catch (IOException | OverlappingFileLockException e) {
            // Locked here after all, not ours to open, or no locks on this file system: leave it.
        }
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** {@code prefix}, then what {@link #create} draws (1 to 13 base-36 digits), then {@code .tmp}. */
    static boolean isTemp(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.endsWith(".tmp")) {
            return false;
        }
        String middle = name.substring(prefix.length(), name.length() - ".tmp".length());
        return !middle.isEmpty() && middle.length() <= 13
                && middle.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
    }

    /** Registers the shutdown hook once; false if shutdown has begun. Called under {@link #MONITOR}. */
    private static boolean hook() {
        if (!hooked) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "fluxion-npz-temp-files"));
            } catch (IllegalStateException e) {
                return false;
            }
            hooked = true;
        }
        return true;
    }

    /** At shutdown: deletes the files being written and lets no new save start. */
    private static void deleteAll() {
        synchronized (MONITOR) {
            shuttingDown = true;
            for (Path p : LIVE) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Nothing more can be done while the JVM exits.
                }
            }
            LIVE.clear();
        }
    }
}
