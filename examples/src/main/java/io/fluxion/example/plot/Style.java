package io.fluxion.example.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How a series is drawn, from a matplotlib format string so that {@code plt.plot(x, y, 'r--')}
 * reads the same here: an optional colour ({@code b g r c m y k w}), an optional marker
 * ({@code o . s ^ v D + x}) and an optional line ({@code - -- -. :}), in any order. As in
 * matplotlib, a marker without a line draws no line, and an empty format is a solid line.
 *
 * @param color the colour, or null for the chart's next default colour
 * @param line the line's stroke, {@link SeriesLines#NONE} for markers only
 * @param marker the marker, {@link SeriesMarkers#NONE} for a plain line
 */
public record Style(Color color, BasicStroke line, Marker marker) {
    // XChart's own dashes are 3 pixels long and read as dots; these follow matplotlib's proportions.
    private static final float WIDTH = 2f;
    static final BasicStroke DASHED = dashes(9, 5);
    static final BasicStroke DOTTED = dashes(2, 4);
    static final BasicStroke DASH_DOT = dashes(9, 4, 2, 4);

    /** The style a matplotlib format string describes. */
    public static Style parse(String format) {
        Color color = null;
        BasicStroke line = null;
        Marker marker = null;
        int i = 0;
        while (i < format.length()) {
            String two = format.length() >= i + 2 ? format.substring(i, i + 2) : "";
            char c = format.charAt(i);
            if (two.equals("--") || two.equals("-.")) {
                line = once(line, two.equals("--") ? DASHED : DASH_DOT, "line", format);
                i += 2;
                continue;
            }
            i++;
            BasicStroke l = switch (c) {
                case '-' -> SeriesLines.SOLID;
                case ':' -> DOTTED;
                default -> null;
            };
            Marker m = switch (c) {
                case 'o', '.' -> SeriesMarkers.CIRCLE;
                case 's' -> SeriesMarkers.SQUARE;
                case '^' -> SeriesMarkers.TRIANGLE_UP;
                case 'v' -> SeriesMarkers.TRIANGLE_DOWN;
                case 'D', 'd' -> SeriesMarkers.DIAMOND;
                case '+' -> SeriesMarkers.PLUS;
                case 'x' -> SeriesMarkers.CROSS;
                default -> null;
            };
            Color k = colour(c);
            if (l != null) {
                line = once(line, l, "line", format);
            } else if (m != null) {
                marker = once(marker, m, "marker", format);
            } else if (k != null) {
                color = once(color, k, "colour", format);
            } else {
                throw new IllegalArgumentException("format '" + format + "': unknown character '" + c
                        + "' (colours bgrcmykw, markers o.s^vD+x, lines - -- -. :)");
            }
        }
        if (line == null) {
            line = marker == null ? SeriesLines.SOLID : SeriesLines.NONE;
        }
        return new Style(color, line, marker == null ? SeriesMarkers.NONE : marker);
    }

    /** Whether the series draws a line between its points. */
    public boolean hasLine() {
        return line != SeriesLines.NONE;
    }

    /** matplotlib's single-letter colours (the pure ones, which is what 'r' means there). */
    private static Color colour(char c) {
        return switch (c) {
            case 'b' -> new Color(0, 0, 255);
            case 'g' -> new Color(0, 128, 0);
            case 'r' -> new Color(255, 0, 0);
            case 'c' -> new Color(0, 191, 191);
            case 'm' -> new Color(191, 0, 191);
            case 'y' -> new Color(191, 191, 0);
            case 'k' -> Color.BLACK;
            case 'w' -> Color.WHITE;
            default -> null;
        };
    }

    private static BasicStroke dashes(float... pattern) {
        return new BasicStroke(WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, pattern, 0f);
    }

    private static <T> T once(T old, T value, String what, String format) {
        if (old != null) {
            throw new IllegalArgumentException("format '" + format + "' gives the " + what + " twice");
        }
        return value;
    }
}
