package io.fluxion.optim;

import io.fluxion.nn.Params;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.Tuple3;
import io.vavr.collection.List;

/**
 * Sequential composition of transformations, as {@code optax.chain}: each part transforms the
 * updates the previous part returned, and the chain's state holds every part's state.
 */
final class Chain {
    private Chain() {}

    // The symbolic forms cast the list of part states back to the tuple: element i is what part i made.
    @SuppressWarnings("unchecked")
    static <A, B> GradientTransformation<Tuple2<A, B>> of(GradientTransformation<A> a, GradientTransformation<B> b) {
        return GradientTransformation.of(
                p -> Tuple.of(a.init(p), b.init(p)),
                (u, s, p) -> {
                    Update<A> ua = a.update(u, s._1, p);
                    Update<B> ub = b.update(ua.updates(), s._2, p);
                    return new Update<>(ub.updates(), Tuple.of(ua.state(), ub.state()));
                },
                (vars, u) -> SymbolicUpdate.chain(List.of(a, b), vars, u).map(su -> su.withState(
                        (Tuple2<A, B> t) -> List.of(t._1, t._2), l -> Tuple.of((A) l.get(0), (B) l.get(1)))));
    }

    @SuppressWarnings("unchecked")
    static <A, B, C> GradientTransformation<Tuple3<A, B, C>> of(
            GradientTransformation<A> a, GradientTransformation<B> b, GradientTransformation<C> c) {
        return GradientTransformation.of(
                p -> Tuple.of(a.init(p), b.init(p), c.init(p)),
                (u, s, p) -> {
                    Update<A> ua = a.update(u, s._1, p);
                    Update<B> ub = b.update(ua.updates(), s._2, p);
                    Update<C> uc = c.update(ub.updates(), s._3, p);
                    return new Update<>(uc.updates(), Tuple.of(ua.state(), ub.state(), uc.state()));
                },
                (vars, u) -> SymbolicUpdate.chain(List.of(a, b, c), vars, u).map(su -> su.withState(
                        (Tuple3<A, B, C> t) -> List.of(t._1, t._2, t._3),
                        l -> Tuple.of((A) l.get(0), (B) l.get(1), (C) l.get(2)))));
    }

    static GradientTransformation<List<Object>> of(List<GradientTransformation<?>> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("chain: needs at least one transformation");
        }
        return GradientTransformation.of(
                p -> parts.map(t -> (Object) t.init(p)),
                (u, s, p) -> {
                    if (s.size() != parts.size()) {
                        throw new IllegalArgumentException("chain: the state holds " + s.size()
                                + " states but the chain has " + parts.size() + " transformations");
                    }
                    Update<List<Object>> start = new Update<>(u, List.empty());
                    return parts.zip(s).foldLeft(start, (acc, part) -> {
                        Update<?> next = apply(part._1, part._2, acc.updates(), p);
                        return new Update<>(next.updates(), acc.state().append(next.state()));
                    });
                },
                (vars, u) -> SymbolicUpdate.chain(parts, vars, u));
    }

    // Element i of the state list is what part i's init (or update) returned, so the cast holds
    // for every state this chain made; a foreign list fails inside the part with a ClassCastException.
    @SuppressWarnings("unchecked")
    private static <S> Update<S> apply(GradientTransformation<S> t, Object state, Params updates, Params params) {
        return t.update(updates, (S) state, params);
    }
}
