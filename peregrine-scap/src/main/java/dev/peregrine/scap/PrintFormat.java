package dev.peregrine.scap;

/** libscap print formats (PF_*): how a numeric parameter is shown. */
public enum PrintFormat {
    PF_NA, PF_DEC, PF_HEX, PF_10_PADDED_DEC, PF_ID, PF_DIR, PF_OCT
}
