package dev.peregrine.rules;

/**
 * Falco's load result codes (errors first, then warnings, in Falco's order), with the short description Falco
 * prints for each.
 */
public enum LoadCode {
    LOAD_ERR_FILE_READ(true, "File read error"),
    LOAD_ERR_YAML_PARSE(true, "YAML parse error"),
    LOAD_ERR_YAML_VALIDATE(true, "Error validating internal structure of YAML file"),
    LOAD_ERR_COMPILE_CONDITION(true, "Error compiling condition"),
    LOAD_ERR_COMPILE_OUTPUT(true, "Error compiling output"),
    LOAD_ERR_VALIDATE(true, "Error validating rule/macro/list/exception objects"),
    LOAD_ERR_EXTENSION(true, "Error in extension item"),

    LOAD_UNKNOWN_SOURCE(false, "Unknown event source"),
    LOAD_UNSAFE_NA_CHECK(false, "Unsafe <NA> comparison in condition"),
    LOAD_NO_EVTTYPE(false, "Condition has no event-type restriction"),
    LOAD_UNKNOWN_FILTER(false, "Unknown field or event-type in condition or output"),
    LOAD_UNUSED_MACRO(false, "Unused macro"),
    LOAD_UNUSED_LIST(false, "Unused list"),
    LOAD_UNKNOWN_ITEM(false, "Unknown rules file item"),
    LOAD_DEPRECATED_ITEM(false, "Used deprecated item"),
    LOAD_WARNING_EXTENSION(false, "Warning in extension item"),
    LOAD_APPEND_NO_VALUES(false, "Overriding/appending with no values"),
    LOAD_EXCEPTION_NAME_NOT_UNIQUE(false, "Multiple exceptions defined with the same name"),
    LOAD_INVALID_MACRO_NAME(false, "Invalid macro name"),
    LOAD_INVALID_LIST_NAME(false, "Invalid list name"),
    LOAD_COMPILE_CONDITION(false, "Warning in rule condition"),
    LOAD_UNKNOWN_KEY(false, "Unknown key in item definition");

    private final boolean error;
    private final String description;

    LoadCode(boolean error, String description) {
        this.error = error;
        this.description = description;
    }

    public boolean isError() {
        return error;
    }

    public String description() {
        return description;
    }
}
