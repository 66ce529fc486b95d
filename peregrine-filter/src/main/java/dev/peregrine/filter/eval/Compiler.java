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
        if (t.op() == Op.EXISTS) {
            return new Exists(r);
        }
        if (r.list && t.op() != Op.IN && t.op() != Op.INTERSECTS) {
            return new ListAnyItem(r, t);
        }
        if (r.list) {
            List<byte[]> keys = new ArrayList<>();
            for (Constant v : t.values()) {
                keys.add(v.bytes());
            }
            return new ListInOrIntersects(r, new ByteStringSet(keys), t.op() == Op.IN);
        }
        if (t.other() != null) {
            return new FieldVsField(r, t);
        }
        List<Constant> vs = t.values();
        ValueKind k = r.kind;
        boolean text = k == ValueKind.TEXT || k == ValueKind.BYTES;
        boolean number = k == ValueKind.SIGNED || k == ValueKind.UNSIGNED || k == ValueKind.BOOL;
        switch (t.op()) {
            case EQ, IN, INTERSECTS -> {
                if (text && vs.size() == 1) {
                    return new TextEquals(r, vs.get(0).bytes());
                }
                if (text) {
                    List<byte[]> keys = new ArrayList<>();
                    for (Constant v : vs) {
                        keys.add(v.bytes());
                    }
                    return new TextIn(r, new ByteStringSet(keys));
                }
                if (number) {
                    long[] set = new long[vs.size()];
                    for (int i = 0; i < set.length; i++) {
                        set[i] = vs.get(i).number();
                    }
                    Arrays.sort(set);
                    return set.length == 1 ? new NumberEquals(r, set[0]) : new NumberIn(r, set);
                }
            }
            case NE -> {
                if (text) {
                    return new TextNotEquals(r, vs.get(0).bytes());
                }
            }
            case CONTAINS -> {
                if (text) {
                    List<byte[]> needles = new ArrayList<>();
                    for (Constant v : vs) {
                        needles.add(v.bytes());
                    }
                    return new ContainsAny(r, new MultiContains(needles));
                }
            }
            case STARTSWITH -> {
                if (text && vs.size() == 1) {
                    return new StartsWith(r, vs.get(0).bytes());
                }
            }
            case PMATCH -> {
                if (text) {
                    List<String> prefixes = new ArrayList<>();
                    for (Constant v : vs) {
                        prefixes.add(v.text());
                    }
                    return new PathMatch(r, new PathPrefixes(prefixes));
                }
            }
            case REGEX -> {
                if (text && vs.size() == 1) {
                    return new Regex(r, Pattern.compile(vs.get(0).text()));
                }
            }
            case LT, LE, GT, GE -> {
                if (number && vs.size() == 1) {
                    return new NumberCompare(r, t.op(), vs.get(0).number(), k == ValueKind.UNSIGNED);
                }
            }
            default -> {
            }
        }
        return new Generic(r, t);
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

    /** A list-valued field: {@code in} (every item is in the set) or {@code intersects} (some item is). */
    private static final class ListInOrIntersects extends FieldTest {
        private final ByteStringSet set;
        private final boolean all;

        ListInOrIntersects(FieldReader r, ByteStringSet set, boolean all) {
            super(r);
            this.set = set;
            this.all = all;
        }

        @Override
        boolean compareLoaded() {
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
    private static final class ListAnyItem extends FieldTest {
        /** The comparison of the selected item (on the same reader). */
        private final Generic item;

        ListAnyItem(FieldReader r, Condition.Test test) {
            super(r);
            this.item = new Generic(r, test);
        }

        @Override
        boolean compareLoaded() {
            for (int i = 0, n = r.count(); i < n; i++) {
                r.select(i);
                if (item.compareLoaded()) {
                    return true;
                }
            }
            return false;
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

    /** A predicate on one field: loads it, then compares the loaded value. */
    private abstract static class FieldTest extends Predicate {
        final FieldReader r;

        FieldTest(FieldReader r) {
            this.r = r;
        }

        @Override
        public final boolean test(EventContext ctx) {
            return r.load(ctx) && compareLoaded();
        }

        abstract boolean compareLoaded();
    }

    private static final class Exists extends FieldTest {
        Exists(FieldReader r) {
            super(r);
        }

        @Override
        boolean compareLoaded() {
            return true;
        }
    }

    /** A comparison of the text with one literal. */
    private abstract static class TextValue extends FieldTest {
        final byte[] value;

        TextValue(FieldReader r, byte[] value) {
            super(r);
            this.value = value;
        }
    }

    private static final class TextEquals extends TextValue {
        TextEquals(FieldReader r, byte[] value) {
            super(r, value);
        }

        @Override
        boolean compareLoaded() {
            return Bytes.equals(r.text(), value);
        }
    }

    /** {@code !=}: like every comparison, false when the field has no value. */
    private static final class TextNotEquals extends TextValue {
        TextNotEquals(FieldReader r, byte[] value) {
            super(r, value);
        }

        @Override
        boolean compareLoaded() {
            return !Bytes.equals(r.text(), value);
        }
    }

    private static final class TextIn extends FieldTest {
        private final ByteStringSet set;

        TextIn(FieldReader r, ByteStringSet set) {
            super(r);
            this.set = set;
        }

        @Override
        boolean compareLoaded() {
            return set.contains(r.text());
        }
    }

    private static final class ContainsAny extends FieldTest {
        private final MultiContains needles;

        ContainsAny(FieldReader r, MultiContains needles) {
            super(r);
            this.needles = needles;
        }

        @Override
        boolean compareLoaded() {
            return needles.matches(r.text());
        }
    }

    private static final class StartsWith extends TextValue {
        StartsWith(FieldReader r, byte[] prefix) {
            super(r, prefix);
        }

        @Override
        boolean compareLoaded() {
            return Bytes.startsWith(r.text(), value);
        }
    }

    private static final class PathMatch extends FieldTest {
        private final PathPrefixes prefixes;

        PathMatch(FieldReader r, PathPrefixes prefixes) {
            super(r);
            this.prefixes = prefixes;
        }

        @Override
        boolean compareLoaded() {
            return prefixes.matches(r.text());
        }
    }

    private static final class Regex extends FieldTest {
        private final com.google.re2j.Matcher matcher;
        private final FieldReader.Latin1 view = new FieldReader.Latin1(null);

        Regex(FieldReader r, Pattern pattern) {
            super(r);
            this.matcher = pattern.matcher("");
        }

        /** A whole-value match (libsinsp anchors both ends), reusing one matcher. */
        @Override
        boolean compareLoaded() {
            view.wrap(r.text());
            return matcher.reset(view).matches();
        }
    }

    /** A comparison of the number with one literal. */
    private abstract static class NumberValue extends FieldTest {
        final long value;

        NumberValue(FieldReader r, long value) {
            super(r);
            this.value = value;
        }
    }

    private static final class NumberEquals extends NumberValue {
        NumberEquals(FieldReader r, long value) {
            super(r, value);
        }

        @Override
        boolean compareLoaded() {
            return r.number() == value;
        }
    }

    private static final class NumberIn extends FieldTest {
        private final long[] sorted;

        NumberIn(FieldReader r, long[] sorted) {
            super(r);
            this.sorted = sorted;
        }

        @Override
        boolean compareLoaded() {
            return Arrays.binarySearch(sorted, r.number()) >= 0;
        }
    }

    private static final class NumberCompare extends NumberValue {
        private final Op op;
        private final boolean unsigned;

        NumberCompare(FieldReader r, Op op, long value, boolean unsigned) {
            super(r, value);
            this.op = op;
            this.unsigned = unsigned;
        }

        @Override
        boolean compareLoaded() {
            int cmp = unsigned ? Long.compareUnsigned(r.number(), value) : Long.compare(r.number(), value);
            return Comparisons.numbers(op, cmp);
        }
    }

    /** Every other comparison with literals, through the shared {@link Comparisons}. */
    private static final class Generic extends FieldTest {
        private final Op op;
        private final Constant[] values;
        private final Comparisons.RegexCache regexes = new Comparisons.RegexCache();

        Generic(FieldReader r, Condition.Test test) {
            super(r);
            this.op = test.op();
            this.values = test.values().toArray(new Constant[0]);
        }

        @Override
        boolean compareLoaded() {
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
                if (p.compareLoaded()) {
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
