package dev.peregrine.outputs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER that {@link Pem} needs and the JDK does not offer: writing an element (to wrap PKCS#1 and SEC1 keys
 * as PKCS#8) and listing the elements inside one (to find a SEC1 key's curve).
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int SEQUENCE = 0x30;

    /** One element: its tag, its contents, and its whole encoding (tag, length and contents). */
    record Element(int tag, byte[] contents, byte[] encoded) {
    }

    private Der() {
    }

    /** The element with this tag whose contents are the given parts, one after the other. */
    static byte[] element(int tag, byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * The elements inside the constructed element that {@code der} is (one level down).
     *
     * @throws IllegalArgumentException when the bytes are not one well-formed element
     */
    static List<Element> children(byte[] der) {
        int[] outer = header(der, 0, der.length);
        if (outer[0] + outer[1] != der.length) {
            throw new IllegalArgumentException("bytes after the DER element");
        }
        List<Element> children = new ArrayList<>();
        int end = outer[0] + outer[1];
        for (int p = outer[0]; p < end; ) {
            int[] h = header(der, p, end);
            int next = h[0] + h[1];
            children.add(new Element(der[p] & 0xff, Arrays.copyOfRange(der, h[0], next),
                    Arrays.copyOfRange(der, p, next)));
            p = next;
        }
        return children;
    }

    /** {contents offset, contents length} of the element at {@code p}, which must end by {@code end}. */
    private static int[] header(byte[] der, int p, int end) {
        if (p + 2 > end) {
            throw new IllegalArgumentException("truncated DER element");
        }
        int length = der[p + 1] & 0xff;
        int offset = p + 2;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            if (bytes == 0 || bytes > 3 || offset + bytes > end) {
                throw new IllegalArgumentException("bad DER length");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[offset++] & 0xff);
            }
        }
        if (length > end - offset) {
            throw new IllegalArgumentException("truncated DER element");
        }
        return new int[] {offset, length};
    }
}
