package io.fluxion.train;

/**
 * When {@link Training#fit} draws its progress bar within an epoch. The bar is redrawn in place
 * with carriage returns, which only a terminal shows as one line: in a log file, under Maven or in
 * CI they run every redraw into one long garbled line. So by default it is drawn only on a terminal.
 */
public enum Progress {
    /**
     * Drawn when printing to standard output and standard output is a terminal (on JDK 22 and
     * later {@code System.console().isTerminal()}; on JDK 21, when {@code System.console()} exists);
     * otherwise only one line per epoch.
     */
    AUTO,
    /** Always drawn, also into files and pipes. */
    ON,
    /** Never drawn: one line per epoch. */
    OFF
}
