package dev.peregrine.filter.eval;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.Extractor;
import dev.peregrine.fields.FieldValue;
import dev.peregrine.fields.ListExtractor;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.fields.TextList;

import java.util.Base64;

/**
 * Reads one bound field for the current event and exposes its value in the form its kind compares: a number, the
 * text bytes, or an IP address. Owns its extractor and buffers; nothing is allocated per event except by
 * transformers that must build new text.
 */
final class FieldReader {
    private final Extractor extractor;
    private final FieldValue value = new FieldValue();
    private final FieldValue scratch = new FieldValue();
    private final String[] transformers;
    final ValueKind kind;
    private final boolean signedSource;
    private TextBuffer text;
    private long number;
    final byte[] ip6 = new byte[16];
    boolean isIpv6;
    int ipv4;
    private boolean haveNumber;
    private final Latin1 latin1 = new Latin1(null);
    /** For list-valued fields: the source, the items as extracted, and the items after transformers. */
    final boolean list;
    private final ListExtractor listSource;
    private final TextList rawItems;
    private final TextList items;
    private final TextBuffer selected = new TextBuffer(64);

    FieldReader(BoundField field) {
        this.extractor = field.newExtractor();
        this.kind = field.kind();
        this.transformers = field.transformers().toArray(new String[0]);
        this.signedSource = ValueKind.of(field.def().type()) == ValueKind.SIGNED;
        this.list = field.list();
        this.listSource = list ? (ListExtractor) extractor : null;
        this.rawItems = list ? new TextList() : null;
        this.items = list && transformers.length > 0 ? new TextList() : rawItems;
    }

    /**
     * Loads the value; false if the field has none for this event (or it cannot be read as its kind). For a
     * list-valued field this loads every item (transformers apply to each; one failing fails the whole value,
     * as in libsinsp); read them with {@link #count()} and {@link #select(int)}.
     */
    boolean load(EventContext ctx) {
        if (list) {
            return loadList(ctx);
        }
        if (!extractor.extract(ctx, value)) {
            return false;
        }
        text = value.text;
        haveNumber = value.numeric;
        number = value.number;
        for (int i = transformers.length - 1; i >= 0; i--) {
            if (!transform(transformers[i])) {
                return false;
            }
        }
        return switch (kind) {
            case SIGNED, UNSIGNED, DYNAMIC -> loadNumber() || kind == ValueKind.DYNAMIC;
            case BOOL -> loadBool();
            case DOUBLE -> loadNumber();
            case IP, NET -> loadIp();
            case TEXT, BYTES -> true;
        };
    }

    TextBuffer text() {
        return text;
    }

    private boolean loadList(EventContext ctx) {
        if (!listSource.extractItems(ctx, rawItems)) {
            return false;
        }
        if (items == rawItems) {
            return true;
        }
        items.clear();
        for (int i = 0, n = rawItems.size(); i < n; i++) {
            rawItems.copyTo(i, value.text);
            text = value.text;
            for (int t = transformers.length - 1; t >= 0; t--) {
                if (!transform(transformers[t])) {
                    return false;
                }
            }
            items.add(text);
        }
        return true;
    }

    /** The number of items of the loaded list. */
    int count() {
        return items.size();
    }

    /** Makes item {@code i} of the loaded list the value that {@link #text()} returns. */
    void select(int i) {
        items.copyTo(i, selected);
        text = selected;
    }

    long number() {
        return number;
    }

    private boolean loadNumber() {
        if (haveNumber) {
            return true;
        }
        int n = text.length();
        if (n == 0) {
            return false;
        }
        int i = 0;
        boolean neg = false;
        if (text.byteAt(0) == '-') {
            neg = true;
            i = 1;
        }
        if (i == n) {
            return false;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = text.byteAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            v = v * 10 + d;
        }
        number = neg ? -v : v;
        return true;
    }

    private boolean loadBool() {
        if (value.numeric) {
            number = value.number != 0 ? 1 : 0;
            return true;
        }
        if (text.length() == 4 && text.byteAt(0) == 't') {
            number = 1;
            return true;
        }
        if (text.length() == 5 && text.byteAt(0) == 'f') {
            number = 0;
            return true;
        }
        return loadNumber();
    }

    private boolean loadIp() {
        int n = text.length();
        boolean colon = false;
        for (int i = 0; i < n; i++) {
            if (text.byteAt(i) == ':') {
                colon = true;
                break;
            }
        }
        latin1.wrap(text);
        byte[] b = colon ? IpText.parse(text.toString()) : IpText.ipv4(latin1, 0, n);
        if (b == null) {
            return false;
        }
        isIpv6 = b.length == 16;
        if (isIpv6) {
            System.arraycopy(b, 0, ip6, 0, 16);
        } else {
            ipv4 = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
        }
        return true;
    }

    private boolean transform(String t) {
        TextBuffer in = text;
        haveNumber = false;
        TextBuffer out = in == scratch.text ? value.text : scratch.text;
        switch (t) {
            case "tolower", "toupper" -> {
                out.reset();
                for (int i = 0; i < in.length(); i++) {
                    int c = in.byteAt(i) & 0xFF;
                    if (t.equals("tolower") && c >= 'A' && c <= 'Z') {
                        c += 32;
                    } else if (t.equals("toupper") && c >= 'a' && c <= 'z') {
                        c -= 32;
                    }
                    out.appendByte(c);
                }
            }
            case "basename" -> {
                int start = 0;
                for (int i = 0; i < in.length(); i++) {
                    if (in.byteAt(i) == '/') {
                        start = i + 1;
                    }
                }
                out.reset();
                for (int i = start; i < in.length(); i++) {
                    out.appendByte(in.byteAt(i));
                }
            }
            case "b64" -> {
                byte[] decoded;
                try {
                    decoded = Base64.getDecoder().decode(in.toString());
                } catch (IllegalArgumentException e) {
                    return false;
                }
                out.reset();
                out.appendBytes(decoded);
            }
            case "len" -> {
                number = in.length();
                haveNumber = true;
                return true;
            }
            default -> {
                return false;
            }
        }
        text = out;
        return true;
    }

    /** A CharSequence view of a TextBuffer's bytes as Latin-1, for parsers and RE2/J. */
    static final class Latin1 implements CharSequence {
        private TextBuffer buf;

        Latin1(TextBuffer buf) {
            this.buf = buf;
        }

        void wrap(TextBuffer b) {
            this.buf = b;
        }

        @Override
        public int length() {
            return buf.length();
        }

        @Override
        public char charAt(int index) {
            return (char) (buf.byteAt(index) & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(buf.length());
            for (int i = 0; i < buf.length(); i++) {
                b.append((char) (buf.byteAt(i) & 0xFF));
            }
            return b.toString();
        }
    }
}
