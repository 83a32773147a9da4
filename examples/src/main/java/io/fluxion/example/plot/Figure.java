package io.fluxion.example.plot;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * A titled chart with axis labels, built a series at a time like a matplotlib figure and saved
 * as PNG:
 *
 * <pre>{@code
 * Figure.of("Fit", "x", "y").scatter("data", x, y).plot("model", x, fit, "r--").save(folder, "fit");
 * }</pre>
 *
 * Per-epoch curves (Keras' {@code history} plots) use {@link #epochs}, which numbers epochs from 1.
 */
public final class Figure {
    static {
        Plots.headless();
    }

    private final XYChart chart;

    private Figure(XYChart chart) {
        this.chart = chart;
    }

    /** An empty 800×500 chart with a title and axis labels. */
    public static Figure of(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .theme(Styler.ChartTheme.Matlab).build();
        // Below the plot, in a row: a legend inside the axes would hide some curve sooner or later.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(7);
        return new Figure(chart);
    }

    /** A chart whose x axis is the epoch, for {@link #epochs} series. */
    public static Figure perEpoch(String title, String yLabel) {
        return of(title, "Epochs", yLabel);
    }

    /** A solid line in the next default colour. */
    public Figure plot(String name, double[] x, double[] y) {
        return plot(name, x, y, "");
    }

    /** A series drawn as a matplotlib format string says ({@code "r--"}, {@code "bo"}, {@code "k:"}). */
    public Figure plot(String name, double[] x, double[] y, String format) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values and " + y.length
                    + " y values; they must be equal in number and not none");
        }
        Style style = Style.parse(format);
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(style.hasLine() ? XYSeries.XYSeriesRenderStyle.Line
                : XYSeries.XYSeriesRenderStyle.Scatter);
        s.setLineStyle(style.line());
        s.setMarker(style.marker());
        if (style.color() != null) {
            s.setLineColor(style.color());
            s.setMarkerColor(style.color());
        }
        return this;
    }

    /** Points only, as {@code plt.scatter}: circles in the next default colour. */
    public Figure scatter(String name, double[] x, double[] y) {
        return plot(name, x, y, "o");
    }

    /** Per-epoch values, epoch 1 first, drawn as the format says (Keras' tutorials use "bo" and "b"). */
    public Figure epochs(String name, double[] values, String format) {
        return plot(name, IntStream.rangeClosed(1, values.length).asDoubleStream().toArray(), values, format);
    }

    /**
     * A logarithmic y axis (every y value must then be positive). Its labels are all powers of ten
     * in one notation ({@code 1E2}, {@code 1E0}, {@code 1E-4}; XChart would mix {@code 0.001} and
     * {@code 1E-4}), and it spans whole decades, set when the figure is saved, so that the
     * highest and lowest series end below and above a labelled tick rather than at the frame.
     */
    public Figure logY() {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern(POWERS_OF_TEN);
        return this;
    }

    /** The label pattern of logarithmic axes: {@code 1E-4}. */
    static final String POWERS_OF_TEN = "0E0";

    /** On a logarithmic y axis, the decades that enclose every positive y value of every series. */
    private void spanDecades() {
        if (!chart.getStyler().isYAxisLogarithmic()) {
            return;
        }
        DoubleSummaryStatistics ys = chart.getSeriesMap().values().stream()
                .flatMapToDouble(s -> Arrays.stream(s.getYData()))
                .filter(y -> y > 0 && Double.isFinite(y)).summaryStatistics();
        if (ys.getCount() > 0) {
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(ys.getMin()))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(ys.getMax()))));
        }
    }

    /** Moves the legend, which by default sits in a row below the plot. */
    public Figure legend(Styler.LegendPosition position) {
        chart.getStyler().setLegendPosition(position);
        return this;
    }

    /** The XChart chart, for anything these helpers do not cover. */
    public XYChart chart() {
        return chart;
    }

    /** Writes the chart as {@code folder/name.png}, prints where, and returns the file. */
    public Path save(Path folder, String name) {
        spanDecades();
        return Plots.save(chart, folder, name);
    }
}
