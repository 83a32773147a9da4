// Recipe S1, the gradient tape on y = a x² + b x + c (README, "Recipes"), one step at a time.
// In ./jshell.sh: /open jshell/s1-quadratic.jsh runs it all; or type (paste) the lines one by one
// and look at each value. Needs the imports of jshell/fluxion.jsh, which ./jshell.sh loads.

// Variables are names (and shapes: a scalar here); an expression is built, not computed.
Var x = variable("x"), a = variable("a"), b = variable("b"), c = variable("c");
Expr y = x.pow(2).times(a).plus(b.times(x)).plus(c);
System.out.println("y = " + show(y));

// Values for the variables: a = 1, b = -2, c = 1, at x = 0.
Bindings at = Bindings.of(x, 0.0).and(a, 1.0).and(b, -2.0).and(c, 1.0);

// A tape records one evaluation and gives the gradient with respect to any variable.
Tape tape = Tape.record(y, at);
System.out.println("y(0) = " + tape.value().item() + ", dy/dx = " + tape.gradient(x).item());
System.out.println("dy/da = " + tape.gradient(a).item() + ", dy/db = " + tape.gradient(b).item()
        + ", dy/dc = " + tape.gradient(c).item());

// Derivatives are expressions too: differentiate again, simplify, show.
Expr dydx = grad(y, x);
System.out.println("dy/dx = " + show(simplify(dydx)));
System.out.println("d2y/dx2 = " + evaluate(grad(dydx, x), at).item());

// compile turns expressions into a program, run as often as you like (as tf.function).
Program f = compile(dydx, y);
System.out.println(f.listing());
System.out.println("f(0) = " + f.run(at).map(t -> t.item()) + ", f(1) = " + f.run(at.and(x, 1.0)).map(t -> t.item()));

// 1000 steps of gradient descent at 0.01 from x = 0 reach 1 - 0.98^1000.
Program g = compile(dydx);
double xv = 0;
for (int i = 0; i < 1000; i++) {
    xv -= 0.01 * g.run(at.and(x, xv)).head().item();
}
System.out.printf("x after 1000 steps = %.9f (1 - 0.98^1000 = %.9f)%n", xv, 1 - Math.pow(0.98, 1000));
