package bench.report;

import java.util.Locale;

/** Number formatting shared by tables: fixed decimals, NaN and negatives shown as "n/a". */
public final class Fmt {
  private Fmt() {}

  static String cell(Object o) {
    if (o == null) return "n/a";
    if (o instanceof Double d) return Double.isNaN(d) || Double.isInfinite(d) ? "n/a" : num(d);
    if (o instanceof Float f) return cell(f.doubleValue());
    return o.toString();
  }

  public static String num(double d) {
    double a = Math.abs(d);
    if (a >= 100) return String.format(Locale.ROOT, "%.0f", d);
    if (a >= 10) return String.format(Locale.ROOT, "%.1f", d);
    return String.format(Locale.ROOT, "%.2f", d);
  }

  public static double mib(long bytes) {
    return bytes < 0 ? Double.NaN : bytes / 1048576.0;
  }

  public static double ms(long micros) {
    return micros / 1000.0;
  }

  /** a/b, NaN when either side is missing. */
  public static double ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
  }
}
