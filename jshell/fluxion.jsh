// Fluxion's imports for jshell (./jshell.sh loads this after jshell's own defaults).
// List, Stream, Option and Tuple2 are Vavr's, as in Fluxion's API (java.util.List is java.util.List).
import static io.fluxion.dsl.Dsl.*;
import io.fluxion.data.*;
import io.fluxion.expr.*;
import io.fluxion.interp.*;
import io.fluxion.nn.*;
import io.fluxion.optim.*;
import io.fluxion.tensor.*;
import io.fluxion.train.*;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
System.out.println("Fluxion: Dsl.* and the API's packages are imported (List, Stream, Option are Vavr's). Try /open jshell/s1-quadratic.jsh, /help, /exit.");
