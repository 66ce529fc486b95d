package dev.peregrine.scap;

/** Block type ids of the capture file format (libscap scap_savefile.h). */
final class BlockType {
    static final int SHB = 0x0A0D0D0A;
    static final int MI = 0x201, MI_INT = 0x8002ABCD;
    static final int PL_V1 = 0x202, PL_V1_INT = 0x8000ABCD, PL_V2 = 0x207, PL_V2_INT = 0x8013ABCD,
            PL_V3 = 0x209, PL_V3_INT = 0x8014ABCD, PL_V4 = 0x210, PL_V5 = 0x211, PL_V6 = 0x212, PL_V7 = 0x213,
            PL_V8 = 0x214, PL_V9 = 0x215;
    static final int FDL = 0x203, FDL_INT = 0x8001ABCD, FDL_V2 = 0x218;
    static final int EV = 0x204, EV_INT = 0x8010ABCD, EVF = 0x208, EV_V2 = 0x216, EVF_V2 = 0x217,
            EV_V2_LARGE = 0x221, EVF_V2_LARGE = 0x222;
    static final int IL = 0x205, IL_INT = 0x8011ABCD, IL_V2 = 0x219;
    static final int UL = 0x206, UL_INT = 0x8012ABCD, UL_V2 = 0x220;

    private BlockType() {
    }

    static boolean isEvent(int t) {
        return t == EV || t == EV_INT || t == EVF || t == EV_V2 || t == EVF_V2 || t == EV_V2_LARGE
                || t == EVF_V2_LARGE;
    }

    /** Process-list version 1..9, or 0 if the block is not a process list. */
    static int processListVersion(int t) {
        return switch (t) {
            case PL_V1, PL_V1_INT -> 1;
            case PL_V2, PL_V2_INT -> 2;
            case PL_V3, PL_V3_INT -> 3;
            case PL_V4 -> 4;
            case PL_V5 -> 5;
            case PL_V6 -> 6;
            case PL_V7 -> 7;
            case PL_V8 -> 8;
            case PL_V9 -> 9;
            default -> 0;
        };
    }
}
