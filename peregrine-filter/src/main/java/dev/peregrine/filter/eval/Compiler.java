package dev.peregrine.filter.eval;

import com.google.re2j.Pattern;

import dev.peregrine.fields.EventContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a checked condition into a tree of specialised predicates: literals already in the field's type, lists as
 * hash sets, many {@code contains} as one automaton, {@code pmatch} as a path-prefix set, regexes compiled once.
 * Conditions are optimised first ({@link Optimizer}).
 */
public final class Compiler {
    private Compiler() {
    }

    public static Predicate compile(Condition condition) {
        return build(Optimizer.optimize(condition));
    }

    private static Predicate build(Condition c) {
        return switch (c) {
            case Condition.And a -> {
                Predicate[] ps = buildAll(a.parts());
                yield ps.length == 2 ? new And2(ps[0], ps[1]) : new AndN(ps);
            }
            case Condition.Or o -> {
                Predicate[] ps = buildAll(o.parts());
                yield ps.length == 2 ? new Or2(ps[0], ps[1]) : new OrN(ps);
            }
            case Condition.Not n -> new Not(build(n.part()));
            case Condition.OneOf o -> new ExactlyOne(buildAll(o.parts()));
            case Condition.Const k -> k.value() ? TRUE : FALSE;
            case Condition.Test t -> test(t);
        };
    }

    private static Predicate[] buildAll(List<Condition> parts) {
        Predicate[] ps = new Predicate[parts.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = build(parts.get(i));
        }
        return ps;
    }

    private static Predicate test(Condition.Test t) {
        if (t.field().anyAncestor()) {
            return new AnyAncestor(t);
        }
        FieldReader r = new FieldReader(t.field());
        if (t.other() != null && t.op() != Op.EXISTS && !r.list) {
            return new FieldVsField(r, t);
        }
        return new FieldTest(r, loadedTest(r, t));
    }

    /** The test of the loaded value, specialised for the operator, the field's kind and the literals. */
    private static LoadedTest loadedTest(FieldReader r, Condition.Test t) {
        if (t.op() == Op.EXISTS) {
            return loaded -> true;
        }
        if (r.list && t.op() != Op.IN && t.op() != Op.INTERSECTS) {
            return new ListAnyItem(new Generic(t));
        }
        if (r.list) {
            return new ListInOrIntersects(new ByteStringSet(bytesOf(t.values())), t.op() == Op.IN);
        }
        List<Constant> vs = t.values();
        ValueKind k = r.kind;
        boolean text = k == ValueKind.TEXT || k == ValueKind.BYTES;
        boolean number = k == ValueKind.SIGNED || k == ValueKind.UNSIGNED || k == ValueKind.BOOL;
        boolean one = vs.size() == 1;
        switch (t.op()) {
            case EQ, IN, INTERSECTS -> {
                if (text && one) {
                    byte[] value = vs.get(0).bytes();
                    return loaded -> Bytes.equals(loaded.text(), value);
                }
                if (text) {
                    ByteStringSet set = new ByteStringSet(bytesOf(vs));
                    return loaded -> set.contains(loaded.text());
                }
                if (number) {
                    long[] sorted = new long[vs.size()];
                    for (int i = 0; i < sorted.length; i++) {
                        sorted[i] = vs.get(i).number();
                    }
                    Arrays.sort(sorted);
                    if (one) {
                        long value = sorted[0];
                        return loaded -> loaded.number() == value;
                    }
                    return loaded -> Arrays.binarySearch(sorted, loaded.number()) >= 0;
                }
            }
            case NE -> {
                if (text) {
                    // like every comparison, false when the field has no value (the load fails first)
                    byte[] value = vs.get(0).bytes();
                    return loaded -> !Bytes.equals(loaded.text(), value);
                }
            }
            case CONTAINS -> {
                if (text) {
                    MultiContains needles = new MultiContains(bytesOf(vs));
                    return loaded -> needles.matches(loaded.text());
                }
            }
            case STARTSWITH -> {
                if (text && one) {
                    byte[] prefix = vs.get(0).bytes();
                    return loaded -> Bytes.startsWith(loaded.text(), prefix);
                }
            }
            case PMATCH -> {
                if (text) {
                    List<String> prefixes = new ArrayList<>();
                    for (Constant v : vs) {
                        prefixes.add(v.text());
                    }
                    PathPrefixes paths = new PathPrefixes(prefixes);
                    return loaded -> paths.matches(loaded.text());
                }
            }
            case REGEX -> {
                if (text && one) {
                    return new Regex(Pattern.compile(vs.get(0).text()));
                }
            }
            case LT, LE, GT, GE -> {
                if (number && one) {
                    Op op = t.op();
                    long value = vs.get(0).number();
                    return k == ValueKind.UNSIGNED
                            ? loaded -> Comparisons.numbers(op, Long.compareUnsigned(loaded.number(), value))
                            : loaded -> Comparisons.numbers(op, Long.compare(loaded.number(), value));
                }
            }
            default -> {
            }
        }
        return new Generic(t);
    }

    private static List<byte[]> bytesOf(List<Constant> values) {
        List<byte[]> bytes = new ArrayList<>(values.size());
        for (Constant v : values) {
            bytes.add(v.bytes());
        }
        return bytes;
    }

    static final Predicate TRUE = new Predicate() {
        @Override
        public boolean test(EventContext ctx) {
            return true;
        }
    };

    static final Predicate FALSE = new Predicate() {
        @Override
        public boolean test(EventContext ctx) {
            return false;
        }
    };

    /** A binary {@code and} or {@code or}: the common case, without a loop. */
    private abstract static class Pair extends Predicate {
        final Predicate a, b;

        Pair(Predicate a, Predicate b) {
            this.a = a;
            this.b = b;
        }
    }

    private static final class And2 extends Pair {
        And2(Predicate a, Predicate b) {
            super(a, b);
        }

        @Override
        public boolean test(EventContext ctx) {
            return a.test(ctx) && b.test(ctx);
        }
    }

    private static final class Or2 extends Pair {
        Or2(Predicate a, Predicate b) {
            super(a, b);
        }

        @Override
        public boolean test(EventContext ctx) {
            return a.test(ctx) || b.test(ctx);
        }
    }

    /** Parts tested in order until the outcome is known. */
    private abstract static class Parts extends Predicate {
        final Predicate[] parts;

        Parts(Predicate[] parts) {
            this.parts = parts;
        }

        /** Whether some part tests {@code outcome}: stops at the first that does. */
        final boolean anyTests(EventContext ctx, boolean outcome) {
            for (Predicate p : parts) {
                if (p.test(ctx) == outcome) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class AndN extends Parts {
        AndN(Predicate[] parts) {
            super(parts);
        }

        @Override
        public boolean test(EventContext ctx) {
            return !anyTests(ctx, false);
        }
    }

    private static final class OrN extends Parts {
        OrN(Predicate[] parts) {
            super(parts);
        }

        @Override
        public boolean test(EventContext ctx) {
            return anyTests(ctx, true);
        }
    }

    /** The oneof modifier: exactly one part holds (stops at the second). */
    private static final class ExactlyOne extends Parts {
        ExactlyOne(Predicate[] parts) {
            super(parts);
        }

        @Override
        public boolean test(EventContext ctx) {
            int holding = 0;
            for (Predicate p : parts) {
                if (p.test(ctx) && ++holding > 1) {
                    return false;
                }
            }
            return holding == 1;
        }
    }

    private static final class Not extends Predicate {
        private final Predicate part;

        Not(Predicate part) {
            this.part = part;
        }

        @Override
        public boolean test(EventContext ctx) {
            return !part.test(ctx);
        }
    }

    /** What a field test checks once its field is loaded: the reader holds the value. */
    @FunctionalInterface
    private interface LoadedTest {
        boolean test(FieldReader loaded);
    }

    /** A predicate on one field: loads it, then tests the loaded value. */
    private static final class FieldTest extends Predicate {
        final FieldReader r;
        final LoadedTest loaded;

        FieldTest(FieldReader r, LoadedTest loaded) {
            this.r = r;
            this.loaded = loaded;
        }

        @Override
        public boolean test(EventContext ctx) {
            return r.load(ctx) && loaded.test(r);
        }
    }

    /** A list-valued field: {@code in} (every item is in the set) or {@code intersects} (some item is). */
    private record ListInOrIntersects(ByteStringSet set, boolean all) implements LoadedTest {
        @Override
        public boolean test(FieldReader r) {
            for (int i = 0, n = r.count(); i < n; i++) {
                r.select(i);
                if (set.contains(r.text()) != all) {
                    return !all;
                }
            }
            return all;
        }
    }

    /** A list field with a one-value operator: some item compares true with some value. */
    private record ListAnyItem(Generic item) implements LoadedTest {
        @Override
        public boolean test(FieldReader r) {
            for (int i = 0, n = r.count(); i < n; i++) {
                r.select(i);
                if (item.test(r)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A whole-value match (libsinsp anchors both ends), reusing one matcher. */
    private static final class Regex implements LoadedTest {
        private final com.google.re2j.Matcher matcher;
        private final FieldReader.Latin1 view = new FieldReader.Latin1(null);

        Regex(Pattern pattern) {
            this.matcher = pattern.matcher("");
        }

        @Override
        public boolean test(FieldReader r) {
            view.wrap(r.text());
            return matcher.reset(view).matches();
        }
    }

    /** Every other comparison with literals, through the shared {@link Comparisons}. */
    private static final class Generic implements LoadedTest {
        private final Op op;
        private final Constant[] values;
        private final Comparisons.RegexCache regexes = new Comparisons.RegexCache();

        Generic(Condition.Test test) {
            this.op = test.op();
            this.values = test.values().toArray(new Constant[0]);
        }

        @Override
        public boolean test(FieldReader r) {
            for (Constant c : values) {
                if (Comparisons.compare(r, op, c, regexes)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An ancestor field without index: the test at depth 1, 2, ... until an ancestor matches or none is left. */
    private static final class AnyAncestor extends Predicate {
        private final Condition.Test test;
        private FieldTest[] depths = new FieldTest[4];
        private int built;

        AnyAncestor(Condition.Test test) {
            this.test = test;
        }

        @Override
        public boolean test(EventContext ctx) {
            for (int d = 0; d < Interpreter.MAX_ANCESTORS; d++) {
                FieldTest p = at(d);
                if (!p.r.load(ctx)) {
                    return false;
                }
                if (p.loaded.test(p.r)) {
                    return true;
                }
            }
            return false;
        }

        private FieldTest at(int d) {
            if (d >= built) {
                if (d >= depths.length) {
                    depths = Arrays.copyOf(depths, depths.length * 2);
                }
                Condition.Test at = new Condition.Test(test.field().atDepth(d + 1), test.op(), test.values(), null);
                depths[d] = (FieldTest) Compiler.test(at);
                built = d + 1;
            }
            return depths[d];
        }
    }

    /** A field compared with another field's value ({@code val(...)}); rare, so not specialised. */
    private static final class FieldVsField extends Predicate {
        private final FieldReader left;
        private final FieldReader right;
        private final Op op;
        private final Comparisons.RegexCache regexes = new Comparisons.RegexCache();

        FieldVsField(FieldReader left, Condition.Test test) {
            this.left = left;
            this.right = new FieldReader(test.other());
            this.op = test.op();
        }

        @Override
        public boolean test(EventContext ctx) {
            if (!left.load(ctx) || !right.load(ctx)) {
                return false;
            }
            try {
                return Comparisons.compare(left, op, Constant.parse(right.text().toString(), left.kind), regexes);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
