/**
 * Property-based checks of derivatives ({@code io.fluxion.law}): finite differences and the laws of
 * differentiation, for Fluxion's primitives and for a user's functions, run as JUnit tests.
 */
module io.fluxion.laws {
    requires transitive io.fluxion.core;
    // Generators (Gen) and JUnit's dynamic tests are in the laws' API.
    requires transitive quicktheories;
    requires transitive org.junit.jupiter.api;

    exports io.fluxion.law;
}
