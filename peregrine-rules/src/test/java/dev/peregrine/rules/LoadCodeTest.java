package dev.peregrine.rules;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadCodeTest {
    @Test
    void theSevenErrorsComeFirstThenOnlyWarnings() {
        assertThat(Arrays.stream(LoadCode.values()).filter(LoadCode::isError)).containsExactly(
                LoadCode.LOAD_ERR_FILE_READ, LoadCode.LOAD_ERR_YAML_PARSE, LoadCode.LOAD_ERR_YAML_VALIDATE,
                LoadCode.LOAD_ERR_COMPILE_CONDITION, LoadCode.LOAD_ERR_COMPILE_OUTPUT, LoadCode.LOAD_ERR_VALIDATE,
                LoadCode.LOAD_ERR_EXTENSION);
        assertThat(LoadCode.values()[7]).isEqualTo(LoadCode.LOAD_UNKNOWN_SOURCE);
        assertThat(LoadCode.LOAD_COMPILE_CONDITION.isError()).isFalse();
    }
}
