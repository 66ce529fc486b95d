package dev.peregrine.packaging;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders Helm templates for the tests where helm itself is not installed (Debian 12 has no package): the part of
 * Go's template language and of Helm's functions the chart uses, and nothing else, so that a template that strays
 * from it fails the test instead of rendering wrongly. Actions: {@code {{ PIPELINE }}}, {@code {{ if PIPELINE }}},
 * {@code {{ else }}}, {@code {{ end }}}, a dash inside the braces trimming the white space on its side as in Go;
 * operands:
 * {@code .Values.a.b}, {@code .Release.Name}, {@code .Chart.Name}, "strings", integers; functions: toYaml, quote,
 * indent N, nindent N.
 */
final class ChartRenderer {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);

    private final Map<String, Object> context;

    /** @param context the top-level objects: Values, Release (Name, Namespace), Chart (Name, AppVersion, ...) */
    ChartRenderer(Map<String, Object> context) {
        this.context = context;
    }

    String render(String template) {
        StringBuilder out = new StringBuilder();
        // each open if: whether its branch being read is the one taken, and whether the enclosing one is emitted
        Deque<boolean[]> ifs = new ArrayDeque<>();
        Matcher m = ACTION.matcher(template);
        int pos = 0;
        boolean trimNext = false;
        while (m.find()) {
            String text = template.substring(pos, m.start());
            if (trimNext) {
                text = text.stripLeading();
            }
            if (!m.group(1).isEmpty()) {
                text = text.stripTrailing();
            }
            if (emitting(ifs)) {
                out.append(text);
            }
            String action = m.group(2);
            if (action.startsWith("if ")) {
                boolean outer = emitting(ifs);
                ifs.push(new boolean[]{outer && truthy(pipeline(action.substring(3))), outer});
            } else if (action.equals("else")) {
                boolean[] top = ifs.peek();
                if (top == null) {
                    throw new IllegalArgumentException("else without if");
                }
                top[0] = top[1] && !top[0];
            } else if (action.equals("end")) {
                if (ifs.poll() == null) {
                    throw new IllegalArgumentException("end without if");
                }
            } else if (emitting(ifs)) {
                out.append(text(pipeline(action)));
            }
            trimNext = !m.group(3).isEmpty();
            pos = m.end();
        }
        if (!ifs.isEmpty()) {
            throw new IllegalArgumentException("if without end");
        }
        String rest = template.substring(pos);
        out.append(trimNext ? rest.stripLeading() : rest);
        return out.toString();
    }

    private static boolean emitting(Deque<boolean[]> ifs) {
        return ifs.isEmpty() || ifs.peek()[0];
    }

    private Object pipeline(String text) {
        String[] stages = text.split("\\|");
        Object value = command(stages[0].trim().split("\\s+"), null, false);
        for (int i = 1; i < stages.length; i++) {
            value = command(stages[i].trim().split("\\s+"), value, true);
        }
        return value;
    }

    /** A function call or an operand; in a pipeline's later stages the previous value is the last argument. */
    private Object command(String[] words, Object piped, boolean hasPiped) {
        String f = words[0];
        Object last = hasPiped ? piped : words.length > 1 ? operand(words[words.length - 1]) : null;
        return switch (f) {
            case "toYaml" -> toYaml(last);
            case "quote" -> "\"" + text(last).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case "indent" -> indent(text(last), Integer.parseInt(words[1]));
            case "nindent" -> "\n" + indent(text(last), Integer.parseInt(words[1]));
            default -> {
                if (words.length != 1 || hasPiped) {
                    throw new IllegalArgumentException("unsupported template function: " + f);
                }
                yield operand(f);
            }
        };
    }

    private Object operand(String word) {
        if (word.startsWith("\"") && word.endsWith("\"") && word.length() >= 2) {
            return word.substring(1, word.length() - 1);
        }
        if (word.matches("-?\\d+")) {
            return Long.parseLong(word);
        }
        if (!word.startsWith(".")) {
            throw new IllegalArgumentException("unsupported operand: " + word);
        }
        Object v = context;
        for (String key : word.substring(1).split("\\.")) {
            if (!(v instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalArgumentException("no value at " + word);
            }
            v = map.get(key);
        }
        return v;
    }

    private static boolean truthy(Object v) {
        return v != null && !Boolean.FALSE.equals(v) && !"".equals(v)
                && !(v instanceof Collection<?> c && c.isEmpty()) && !(v instanceof Map<?, ?> m && m.isEmpty())
                && !(v instanceof Number n && n.doubleValue() == 0);
    }

    private static String text(Object v) {
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException("a map or list printed without toYaml: " + v);
        }
        return String.valueOf(v);
    }

    private static String toYaml(Object v) {
        Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
        return dump.dumpToString(v).stripTrailing();
    }

    private static String indent(String s, int n) {
        String pad = " ".repeat(n);
        return pad + s.replace("\n", "\n" + pad);
    }
}
