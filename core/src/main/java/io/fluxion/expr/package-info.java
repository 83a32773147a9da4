/**
 * The expression language: {@code Expr = Const | Var | Apply}, and the {@code Primitive} interface
 * every operation implements.
 *
 * <p>The one package cycle in the core is here, and deliberate: {@code Expr}'s fluent methods
 * ({@code x.sin()}, {@code x.matmul(w)}) build applications of the primitives in
 * {@link io.fluxion.op}, whose rules are themselves written as {@code Expr}s. Nothing else in this
 * package reaches {@code op}, and it never reaches the interpreters.
 */
package io.fluxion.expr;
