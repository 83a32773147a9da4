package io.fluxion.tensor.internal;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Matrix products through netlib's {@code dgemm} (float64) and {@code sgemm} (float32): the
 * system's OpenBLAS when {@code libblas.so.3} is installed, pure Java otherwise; either way the same
 * inputs give the same bits on every run.
 *
 * <p>Fluxion chooses the threads: OpenBLAS runs each call on the calling thread (its own threads
 * cost small products more than they save), and a product of at least {@link #PART_WORK}
 * multiply-adds is cut into parts (blocks of rows, or of columns when it has more columns) that
 * run on up to {@link #threads()} threads. How a product is cut depends on its shape alone, never
 * on the thread count, so the bits do not depend on the number of cores. The system property
 * {@code fluxion.threads} sets the count (the threads are {@link Parallel#shared()}'s); {@code OPENBLAS_NUM_THREADS} in the environment
 * (without the property) leaves threading to OpenBLAS, each product one call. The cutting is
 * {@link BlasParts}'s, written once for both dtypes.
 */
public final class Blas {

    /** The multiply-adds below which a product is one call, and per part above it. */
    static final long PART_WORK = 1L << 22;
    /**
     * The rows (or columns) of the result per part once there are enough: each part packs the
     * shared operand again, which cost 6% at 250 rows and 15% at 125 (2000×2000 products).
     */
    static final int PART_EXTENT = 128;
    /** The most parts of one product. */
    static final int MAX_PARTS = 16;

    /** OpenBLAS's variable that names the kernels it loads, instead of its choice by CPU. */
    static final String CORE_ENVIRONMENT = "OPENBLAS_CORETYPE";
    private static final Logger LOG = Logger.getLogger(Blas.class.getName());
    /**
     * netlib logs its choice of BLAS at INFO on standard error in every program; {@link #implementation}
     * tells it to those who ask. Quieted unless logging configuration gave the logger a level, and
     * held here because {@code java.util.logging} keeps loggers weakly (and would forget the level).
     */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
    private static final BLAS BLAS_INSTANCE = repeatable(quietly(NETLIB_LOG));
    private static volatile Threading threading;

    private Blas() {}

    private static BLAS quietly(Logger log) {
        if (log.getLevel() == null) {
            log.setLevel(Level.WARNING);
        }
        return BLAS.getInstance();
    }

    /**
     * The implementation in use (for example {@code JNIBLAS} when native, {@code Java11BLAS} or
     * {@code Java8BLAS} otherwise).
     */
    public static String implementation() {
        return BLAS_INSTANCE.getClass().getSimpleName();
    }

    /**
     * The kernels the products run on, in words: OpenBLAS's name for them and who chose them
     * (OpenBLAS by CPU when it loaded, or {@value #CORE_ENVIRONMENT} in the environment), or
     * {@code "not OpenBLAS"}.
     */
    public static String kernels() {
        String core = implementation().equals("JNIBLAS") ? OpenBlasThreads.coreName() : "";
        if (core.isEmpty()) {
            return "not OpenBLAS";
        }
        String named = System.getenv(CORE_ENVIRONMENT);
        return core + (named != null && !named.isBlank() ? " (" + CORE_ENVIRONMENT + "=" + named + ")"
                : " (OpenBLAS's choice)");
    }

    /**
     * How many threads run the parts of one product: {@code fluxion.threads}, else 1 when
     * {@code OPENBLAS_NUM_THREADS} is set (OpenBLAS then threads each call itself), else the cores.
     *
     * @throws IllegalArgumentException if {@code fluxion.threads} is not a positive whole number
     */
    public static int threads() {
        return threading().parallel.threads();
    }

    /** Who threads the products, in words, for benchmark and log headers. */
    public static String threadingDescription() {
        return threading().description;
    }

    /**
     * {@code c = op(a) · op(b)} on row-major arrays at offsets, where op(a) is m×k and op(b) is
     * k×n, and {@code ta}/{@code tb} say that the stored array is the transpose.
     *
     * <p>Fortran BLAS is column-major, and a row-major array read column-major is its transpose, so
     * we ask for {@code cᵀ = op(b)ᵀ · op(a)ᵀ}, which lays {@code c} out row-major.
     */
    public static void gemm(double[] a, int ao, boolean ta, double[] b, int bo, boolean tb, int m, int n, int k,
            double[] c, int co) {
        Threading t = threading();
        gemm(t.fluxionDecides ? t.parallel : null, a, ao, ta, b, bo, tb, m, n, k, c, co);
    }

    /** {@link #gemm} with its parts run on {@code parallel}, or every product one call when it is null. */
    static void gemm(Parallel parallel, double[] a, int ao, boolean ta, double[] b, int bo, boolean tb, int m, int n,
            int k, double[] c, int co) {
        BlasParts.gemm(parallel, a, ao, ta, b, bo, tb, m, n, k, c, co);
    }

    /** {@link #gemm(double[], int, boolean, double[], int, boolean, int, int, int, double[], int)} in float32, through {@code sgemm}. */
    public static void gemm(float[] a, int ao, boolean ta, float[] b, int bo, boolean tb, int m, int n, int k,
            float[] c, int co) {
        Threading t = threading();
        FloatBlasParts.gemm(t.fluxionDecides ? t.parallel : null, a, ao, ta, b, bo, tb, m, n, k, c, co);
    }

    /**
     * {@code count} products of the same shape, the i-th from {@code a} at {@code ao[i]} and
     * {@code b} at {@code bo[i]} into {@code c} at {@code i·m·n}. Products too small to cut run
     * whole, several at once; larger ones one after another, each cut as {@link #gemm} cuts it.
     */
    public static void gemms(double[] a, int[] ao, boolean ta, double[] b, int[] bo, boolean tb, int m, int n, int k,
            double[] c, int count) {
        Threading t = threading();
        gemms(t.fluxionDecides ? t.parallel : null, a, ao, ta, b, bo, tb, m, n, k, c, count);
    }

    /** {@link #gemms} on {@code parallel}, or one product after another, each one call, when it is null. */
    static void gemms(Parallel parallel, double[] a, int[] ao, boolean ta, double[] b, int[] bo, boolean tb, int m,
            int n, int k, double[] c, int count) {
        BlasParts.gemms(parallel, a, ao, ta, b, bo, tb, m, n, k, c, count);
    }

    /** {@link #gemms(double[], int[], boolean, double[], int[], boolean, int, int, int, double[], int)} in float32. */
    public static void gemms(float[] a, int[] ao, boolean ta, float[] b, int[] bo, boolean tb, int m, int n, int k,
            float[] c, int count) {
        Threading t = threading();
        FloatBlasParts.gemms(t.fluxionDecides ? t.parallel : null, a, ao, ta, b, bo, tb, m, n, k, c, count);
    }

    /**
     * The threads products run their parts on: {@link Parallel#shared()} when Fluxion threads the
     * products, else one thread (OpenBLAS threads each call itself). Kernels that cut their own
     * work into parts of products (the convolutions' images) run them here.
     */
    public static Parallel parallel() {
        return threading().parallel;
    }

    /**
     * {@code c += op(a) · op(b)}, as {@link #gemm} but adding to c, in one call on the calling
     * thread: for products small enough not to cut, summed in an order the caller fixes.
     */
    public static void gemmAdd(double[] a, int ao, boolean ta, double[] b, int bo, boolean tb, int m, int n, int k,
            double[] c, int co) {
        BLAS_INSTANCE.dgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, 1.0, b, bo, tb ? k : n, a, ao, ta ? m : k, 1.0, c,
                co, n);
    }

    /** {@link #gemmAdd(double[], int, boolean, double[], int, boolean, int, int, int, double[], int)} in float32. */
    public static void gemmAdd(float[] a, int ao, boolean ta, float[] b, int bo, boolean tb, int m, int n, int k,
            float[] c, int co) {
        BLAS_INSTANCE.sgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, 1.0f, b, bo, tb ? k : n, a, ao, ta ? m : k, 1.0f, c,
                co, n);
    }

    /**
     * How many parts a product of {@code work} multiply-adds is cut into, where the axis it is cut
     * along has {@code extent} rows or columns: none below 2·{@link #PART_WORK} or 128 rows, else
     * two at least, then one per {@link #PART_EXTENT} rows, at most 16, rounded down to a power of
     * two (which shares out evenly over 2, 4, 8 or 16 threads).
     */
    static int parts(long work, int extent) {
        if (extent < PART_EXTENT) {
            return 1;
        }
        long parts = Math.min(MAX_PARTS, Math.min(work / PART_WORK, Math.max(2, extent / PART_EXTENT)));
        return parts < 2 ? 1 : (int) Long.highestOneBit(parts);
    }

    /** One BLAS call: {@code c = op(a) · op(b)} with leading dimensions, through {@code dgemm}. */
    static void call(double[] a, int ao, int lda, boolean ta, double[] b, int bo, int ldb, boolean tb, int m,
            int n, int k, double[] c, int co, int ldc) {
        BLAS_INSTANCE.dgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, 1.0, b, bo, ldb, a, ao, lda, 0.0, c, co, ldc);
    }

    /** One BLAS call in float32, through {@code sgemm}. */
    static void call(float[] a, int ao, int lda, boolean ta, float[] b, int bo, int ldb, boolean tb, int m,
            int n, int k, float[] c, int co, int ldc) {
        BLAS_INSTANCE.sgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, 1.0f, b, bo, ldb, a, ao, lda, 0.0f, c, co, ldc);
    }

    private static Threading threading() {
        Threading t = threading;
        if (t == null) {
            synchronized (Blas.class) {
                t = threading;
                if (t == null) {
                    t = Threading.start(BlasThreads.ofSystem(), implementation().equals("JNIBLAS"));
                    threading = t;
                }
            }
        }
        return t;
    }

    /**
     * netlib's choice, made repeatable. Without a native library netlib takes {@code VectorBLAS}
     * when {@code jdk.incubator.vector} is present (Spark adds it), whose large products add vector
     * lanes with {@code reduceLanes}: its order differs between interpreted and JIT-compiled code, so
     * the same product gave different bits as the JIT warmed up. {@code Java11BLAS} is the same
     * blocked {@code dgemm} with {@code Math.fma} in a fixed order (exact in every mode), so its
     * bits do not depend on the JIT. netlib keeps the class package-private, hence reflection.
     */
    private static BLAS repeatable(BLAS found) {
        if (!found.getClass().getSimpleName().equals("VectorBLAS")) {
            return found;
        }
        try {
            Method instance = Class.forName("dev.ludovic.netlib.blas.Java11BLAS").getMethod("getInstance");
            instance.setAccessible(true);
            return (BLAS) instance.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning("netlib chose VectorBLAS and its Java11BLAS could not be reached (" + e
                    + "): matrix products may give different bits as the JIT compiles them");
            return found;
        }
    }

    /** The settings in force, OpenBLAS told once, and the threads that run parts. */
    private record Threading(boolean fluxionDecides, Parallel parallel, String description) {
        static Threading start(BlasThreads settings, boolean nativeBlas) {
            if (!settings.fluxionDecides()) {
                return new Threading(false, new Parallel(1), "OpenBLAS's own (" + BlasThreads.ENVIRONMENT + "="
                        + System.getenv(BlasThreads.ENVIRONMENT) + "), one call per product");
            }
            // Once, before any product: a count flipped per call would race between concurrent runs.
            boolean told = nativeBlas && OpenBlasThreads.set(1);
            String blas = told ? "OpenBLAS on the calling thread"
                    : nativeBlas ? "native BLAS as it comes" : "pure Java";
            return new Threading(true, Parallel.shared(), "Fluxion's: " + blas + ", products of "
                    + PART_WORK + "+ multiply-adds cut by shape and run on " + settings.threads() + " thread(s)");
        }
    }
}
