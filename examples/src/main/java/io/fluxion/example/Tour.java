package io.fluxion.example;

import io.fluxion.tensor.Blas;

/** The examples tour: runs every recipe of SEEDS.md that Fluxion implements so far, in order. */
public final class Tour {
    private Tour() {}

    /** Runs the tour. */
    public static void main(String[] args) {
        System.out.println("Fluxion examples tour (BLAS: " + Blas.implementation() + ")");
        QuadraticTape.main(args);
        System.out.println();
        System.out.println("== Checking a custom primitive with the laws ==");
        CustomPrimitive.main(args);
    }
}
