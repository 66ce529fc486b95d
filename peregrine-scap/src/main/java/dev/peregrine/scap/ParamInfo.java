package dev.peregrine.scap;

/**
 * One parameter of an event type.
 *
 * @param flags      the flag or enum table for flag types, else null
 * @param dynamic    the per-index parameter types of a PT_DYN parameter, else null
 * @param dirfdParam for PT_FSRELPATH, the index of the directory fd parameter it is relative to, else -1
 */
public record ParamInfo(String name, ParamType type, PrintFormat format, FlagTable flags,
                        DynamicParam[] dynamic, int dirfdParam) {

    /** A possible type of a PT_DYN parameter, chosen by the index byte that precedes its value. */
    public record DynamicParam(ParamType type, PrintFormat format) {
    }
}
