package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.function.LongToDoubleFunction;

/** What the contexts of one tracing of an update declared: slots, numbers and counted parts, in order. */
final class Declarations {
    /** A number: its variable, its value at a count, and the index of that count in {@link #counted} (-1: none). */
    record Number(Var var, LongToDoubleFunction value, int count) {}

    final List<Var> params;
    final ArrayList<Slot> slots = new ArrayList<>();
    final ArrayList<Double> initials = new ArrayList<>();
    final ArrayList<Number> numbers = new ArrayList<>();
    final LinkedHashSet<String> counted = new LinkedHashSet<>();

    Declarations(List<Var> params) {
        this.params = params;
    }

    Slot slot(String path, double initial) {
        if (slots.stream().anyMatch(s -> s.path().equals(path))) {
            throw new IllegalArgumentException("UpdateContext: the slot " + path + " is declared twice");
        }
        Slot s = new Slot(path, params.map(p -> Var.of(path + "." + p.name(), p.shape())));
        slots.add(s);
        initials.add(initial);
        return s;
    }

    Expr number(Var v, LongToDoubleFunction value, boolean counts, String part) {
        int count = -1;
        if (counts) {
            counted.add(part);
            count = List.ofAll(counted).indexOf(part);
        }
        numbers.add(new Number(v, value, count));
        return v;
    }
}
