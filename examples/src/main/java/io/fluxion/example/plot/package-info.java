/**
 * Small plotting helpers for the example programs: line, scatter and per-epoch charts on XChart
 * with matplotlib-style format strings ({@code "r--"}, {@code "bo"}), a grid of images with
 * labels, and Graphviz files. Everything is written as PNG into one folder ({@link
 * io.fluxion.example.plot.Plots#folder()}), headless, and each file written is printed.
 */
package io.fluxion.example.plot;
