package io.fluxion.tensor.internal;

/**
 * Who decides how many threads a matrix product uses, and how many.
 *
 * <p>By default Fluxion decides: OpenBLAS runs every call on the calling thread, and Fluxion cuts
 * a large product into parts fixed by its shape alone, run on {@code threads} threads. The system
 * property overrides the count; {@code OPENBLAS_NUM_THREADS} set in the environment (and no
 * property) leaves threading to OpenBLAS, as the user asked, with every product one call.
 *
 * @param threads how many threads run the parts of one product (1: the calling thread alone)
 * @param fluxionDecides false when OpenBLAS's own threads are left as the environment set them
 * @param workers how many threads Fluxion's other parallel work (a step's shards) runs on: the
 *     property's count, else every core, whatever OpenBLAS was told
 */
record BlasThreads(int threads, boolean fluxionDecides, int workers) {

    /** The system property that sets how many threads Fluxion works on (a product's parts, a step's shards). */
    static final String PROPERTY = "fluxion.threads";
    /** OpenBLAS's own variable, respected when the user set it. */
    static final String ENVIRONMENT = "OPENBLAS_NUM_THREADS";

    /** The settings for this JVM: the property, else the environment, else every core. */
    static BlasThreads ofSystem() {
        return of(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), Runtime.getRuntime().availableProcessors());
    }

    /**
     * The settings from the property's value and the environment variable's (either may be null).
     *
     * @throws IllegalArgumentException if the property is set to anything but a positive whole number
     */
    static BlasThreads of(String property, String environment, int cores) {
        if (property != null) {
            int n = positive(property.strip());
            return new BlasThreads(n, true, n);
        }
        int all = Math.max(1, cores);
        if (environment != null && !environment.isBlank()) {
            return new BlasThreads(1, false, all);
        }
        return new BlasThreads(all, true, all);
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the value as given
        }
        throw new IllegalArgumentException("system property " + PROPERTY + " must be a whole number of threads,"
                + " 1 or more (1 runs every product and step on the calling thread), but was '" + value + "'");
    }
}
