package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The DER that Pem writes and reads, with lengths in X.690's short and long forms. */
class DerTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void lengthsUpTo127TakeOneByteAndLongerOnesSayHowManyFollow() {
        assertThat(Der.element(Der.OCTET_STRING, new byte[0])).isEqualTo(HEX.parseHex("0400"));
        assertThat(Arrays.copyOf(Der.element(Der.OCTET_STRING, new byte[127]), 2)).isEqualTo(HEX.parseHex("047f"));
        assertThat(Arrays.copyOf(Der.element(Der.OCTET_STRING, new byte[128]), 3)).isEqualTo(HEX.parseHex("048180"));
        assertThat(Arrays.copyOf(Der.element(Der.OCTET_STRING, new byte[256]), 4)).isEqualTo(HEX.parseHex("04820100"));
        assertThat(Arrays.copyOf(Der.element(Der.OCTET_STRING, new byte[70_000]), 5))
                .isEqualTo(HEX.parseHex("0483011170"));
    }

    @Test
    void childrenAreTheElementsOfASequenceInOrder() {
        byte[] small = Der.element(Der.INTEGER, new byte[] {5});
        byte[] large = Der.element(Der.OCTET_STRING, new byte[300]);
        byte[] tagged = Der.element(0xa0, HEX.parseHex("06082a8648ce3d030107"));

        var children = Der.children(Der.element(Der.SEQUENCE, small, large, tagged));

        assertThat(children).extracting(Der.Element::tag).containsExactly(Der.INTEGER, Der.OCTET_STRING, 0xa0);
        assertThat(children).extracting(Der.Element::encoded).containsExactly(small, large, tagged);
        assertThat(children.get(1).contents()).hasSize(300);
        assertThat(children.get(2).contents()).isEqualTo(HEX.parseHex("06082a8648ce3d030107"));
    }

    @Test
    void malformedBytesAreRefused() {
        byte[] sequence = Der.element(Der.SEQUENCE, Der.element(Der.INTEGER, new byte[] {1}));

        assertThatThrownBy(() -> Der.children(Arrays.copyOf(sequence, sequence.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Der.children(Arrays.copyOf(sequence, sequence.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Der.children(HEX.parseHex("3003020205"))) // the INTEGER claims 2 bytes, has 1
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Der.children(new byte[] {0x30})).isInstanceOf(IllegalArgumentException.class);
    }
}
