/**
 * The interpreters: pure, iterative functions over expression DAGs, memoised by node identity
 * ({@code Evaluate}, {@code Reverse}, {@code Forward}, {@code Simplify}, {@code Show},
 * {@code Graphviz}, {@code Linearise}, {@code Compile}, {@code Tape}). They ask primitives for their
 * rules and never name one; they depend on {@code expr} and {@code tensor}, not on {@code op}.
 */
package io.fluxion.interp;

import io.fluxion.interp.internal.Linearise;
