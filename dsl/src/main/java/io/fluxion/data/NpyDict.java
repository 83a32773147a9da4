package io.fluxion.data;

import io.vavr.collection.List;
import java.util.function.Function;

/**
 * The dictionary in an {@code .npy} header, e.g.
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }}, read by a strict parser
 * that understands exactly the three keys NumPy writes and the literals they take: quoted
 * strings without escapes, {@code True}/{@code False}, and tuples of non-negative integers.
 * Nothing is evaluated, so a header cannot smuggle in code.
 */
record NpyDict(String descr, boolean fortranOrder, List<Integer> shape) {

    /** Parses {@code text}, the whole header including its space padding and final newline. */
    static NpyDict parse(String text, Function<String, MalformedFileException> fail) {
        return new Parser(text, fail).dict();
    }

    private static final class Parser {
        private final String s;
        private final Function<String, MalformedFileException> fail;
        private int pos;

        Parser(String s, Function<String, MalformedFileException> fail) {
            this.s = s;
            this.fail = fail;
        }

        NpyDict dict() {
            String descr = null;
            Boolean fortran = null;
            List<Integer> shape = null;
            spaces();
            expect('{');
            spaces();
            while (peek() != '}') {
                String key = string();
                spaces();
                expect(':');
                spaces();
                switch (key) {
                    case "descr" -> descr = once(descr, key, string());
                    case "fortran_order" -> fortran = once(fortran, key, bool());
                    case "shape" -> shape = once(shape, key, tuple());
                    default -> throw error("unexpected key '" + key
                            + "'; a header has exactly 'descr', 'fortran_order' and 'shape'");
                }
                spaces();
                if (peek() != ',') {
                    break;
                }
                pos++;
                spaces();
            }
            expect('}');
            // NumPy pads with spaces and ends the header with one newline.
            while (pos < s.length() - 1 && s.charAt(pos) == ' ') {
                pos++;
            }
            if (pos != s.length() - 1 || s.charAt(pos) != '\n') {
                throw error("the header must end with spaces and a newline after '}'");
            }
            if (descr == null || fortran == null || shape == null) {
                throw error("missing key: a header has exactly 'descr', 'fortran_order' and 'shape'");
            }
            return new NpyDict(descr, fortran, shape);
        }

        private <T> T once(T previous, String key, T value) {
            if (previous != null) {
                throw error("key '" + key + "' appears twice");
            }
            return value;
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String value = s.substring(pos + 1, end);
            if (value.indexOf('\\') >= 0) {
                throw error("escapes in strings are not accepted");
            }
            pos = end + 1;
            return value;
        }

        private boolean bool() {
            for (String word : new String[] {"True", "False"}) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("True");
                }
            }
            throw error("expected True or False");
        }

        private List<Integer> tuple() {
            expect('(');
            spaces();
            List<Integer> dims = List.empty();
            boolean comma = false;
            while (peek() != ')') {
                dims = dims.append(integer());
                spaces();
                comma = peek() == ',';
                if (!comma) {
                    break;
                }
                pos++;
                spaces();
            }
            expect(')');
            // In Python (3) is the integer 3; a one-element tuple needs its comma, (3,).
            if (dims.size() == 1 && !comma) {
                throw error("a one-element shape is written (n,), with a comma");
            }
            return dims;
        }

        private int integer() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            String digits = s.substring(start, pos);
            if (digits.isEmpty()) {
                throw error("expected a dimension (a non-negative integer)");
            }
            if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                String shown = digits.length() > 20 ? digits.substring(0, 20) + "..." : digits;
                throw error("dimension " + shown + " exceeds " + Integer.MAX_VALUE);
            }
            int value = Integer.parseInt(digits);
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++; // Python 2's long literal, as in files written by old NumPy versions
            }
            return value;
        }

        private void spaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end of header");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private MalformedFileException error(String problem) {
            String near = s.substring(Math.min(pos, s.length()), Math.min(s.length(), pos + 20));
            return fail.apply("malformed header dictionary: " + problem + " at character " + pos
                    + " (near \"" + near.strip() + "\")");
        }
    }
}
