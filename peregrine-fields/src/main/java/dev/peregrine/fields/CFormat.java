package dev.peregrine.fields;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** The few printf conversions libsinsp output depends on, reproduced exactly. */
final class CFormat {
    private CFormat() {
    }

    /** printf("%g") of a finite double: 6 significant digits, trailing zeros dropped. */
    static String g(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mant = d.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String s = d.stripTrailingZeros().toPlainString();
        return s;
    }
}
