package io.fluxion.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback, as a deployment runs one: a Master and Workers, each a
 * JVM of its own started from {@code SPARK_HOME/jars}, the Workers starting an executor JVM per
 * application. Everything listens on 127.0.0.1; {@link #close} stops every JVM it started (the
 * executors with their Worker). Each process writes its log under {@code dir}.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final long START_SECONDS = 120;

    private final Path home;
    private final Path dir;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final String url;

    private final Thread onExit = new Thread(this::close, "stop-spark-cluster");

    private StandaloneCluster(Path home, Path dir, Process master, String url) {
        this.home = home;
        this.dir = dir;
        this.master = master;
        this.url = url;
        // Should the test JVM end before close() (a failure in a static initializer, a signal), the
        // daemons must not outlive it.
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /**
     * Starts a Master and {@code workers} Workers of {@code cores} cores each, and waits until every
     * Worker has registered.
     *
     * @param home a SPARK_HOME whose {@code jars/} holds Spark and its dependencies, and nothing of Fluxion
     * @param dir where the logs and the Workers' directories go
     * @param jvmFlags the module flags Spark's own scripts give its daemons
     */
    static StandaloneCluster start(Path home, Path dir, int workers, int cores, List<String> jvmFlags) {
        try {
            Files.createDirectories(dir);
            int port = freePort();
            String url = "spark://127.0.0.1:" + port;
            Process master = daemon(home, dir, "master", jvmFlags, List.of("org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
            StandaloneCluster cluster = new StandaloneCluster(home, dir, master, url);
            try {
                cluster.await("master", "I have been elected leader");
                for (int i = 1; i <= workers; i++) {
                    Path work = Files.createDirectories(dir.resolve("worker-" + i));
                    cluster.workers.add(daemon(home, dir, "worker-" + i, jvmFlags, List.of(
                            "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--webui-port",
                            String.valueOf(freePort()), "--cores", String.valueOf(cores), "--memory", "2g",
                            "--work-dir", work.toString(), url)));
                }
                for (int i = 1; i <= workers; i++) {
                    cluster.await("worker-" + i, "Successfully registered with master");
                }
                return cluster;
            } catch (IOException e) {
                cluster.close();
                throw new UncheckedIOException(e);
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The master's URL, {@code spark://127.0.0.1:port}. */
    String url() {
        return url;
    }

    /** The environment Spark's scripts would give a Spark JVM here: its home, Scala version, loopback. */
    Map<String, String> environment() {
        return environment(home);
    }

    private static Map<String, String> environment(Path home) {
        return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1",
                "JAVA_HOME", System.getProperty("java.home"));
    }

    /** The executor JVMs now running, children of the Workers this cluster started. */
    List<ProcessHandle> executors() {
        return workers.stream().flatMap(w -> w.toHandle().descendants())
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    /** Every executor's standard output so far, one string per executor (the Workers keep them under their work dir). */
    List<String> executorOutputs() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("stdout")).map(StandaloneCluster::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every executor's standard error so far, one string per executor. */
    List<String> executorErrors() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).map(StandaloneCluster::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the executors, the Workers, then the Master, and waits for each to end; idempotent. */
    @Override
    public synchronized void close() {
        List<ProcessHandle> all = new ArrayList<>();
        workers.forEach(w -> all.addAll(w.toHandle().descendants().toList()));
        workers.forEach(w -> all.add(w.toHandle()));
        all.add(master.toHandle());
        all.forEach(ProcessHandle::destroy);
        all.forEach(StandaloneCluster::awaitEnd);
        if (Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs or ran
            }
        }
    }

    /** Waits up to 20 s for a process asked to stop (SIGTERM), then kills it. */
    private static void awaitEnd(ProcessHandle p) {
        try {
            p.onExit().get(20, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Process daemon(Path home, Path dir, String name, List<String> jvmFlags, List<String> mainAndArgs)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        // The daemons only coordinate: a small heap, and the quick compiler for a quicker start.
        command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", home.resolve("jars") + "/*"));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().putAll(environment(home));
        return pb.start();
    }

    private void await(String name, String line) {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + START_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && read(log).contains(line)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("the " + name + " did not log '" + line + "' within " + START_SECONDS
                + " s; its log " + log + ":\n" + (Files.exists(log) ? read(log) : "(none)"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
