package bench.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * PNG charts drawn with plain Java2D (headless), so the plots need nothing beyond the JDK:
 * grouped bars for memory per connection and log-log lines for latency against delivered rate.
 */
public final class Plotter {
  private static final int W = 1000;
  private static final int H = 600;
  private static final int LEFT = 90;
  private static final int RIGHT = 200;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

  /** One line of a line chart; {@code dash} draws it dashed. */
  public record Series(String name, int colorIndex, boolean dash, List<double[]> points) {}

  private Plotter() {}

  public static void bars(String title, String yLabel, List<String> groups, List<String> seriesNames,
                          double[][] values, Path file) throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img, title);
    double max = 0;
    for (double[] row : values) for (double v : row) if (!Double.isNaN(v)) max = Math.max(max, v);
    max = niceCeil(max);
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    axesLinear(g, 0, max, yLabel, plotH);
    int groupW = plotW / Math.max(1, groups.size());
    int barW = Math.max(4, (groupW - 30) / Math.max(1, seriesNames.size()));
    for (int gi = 0; gi < groups.size(); gi++) {
      int gx = LEFT + gi * groupW + 15;
      for (int si = 0; si < seriesNames.size(); si++) {
        double v = values[gi][si];
        if (Double.isNaN(v)) continue;
        int h = (int) (v / max * plotH);
        g.setColor(PALETTE[si % PALETTE.length]);
        g.fillRect(gx + si * barW, TOP + plotH - h, barW - 4, h);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(Fmt.num(v), gx + si * barW, TOP + plotH - h - 4);
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString(groups.get(gi), gx + 10, TOP + plotH + 20);
    }
    legend(g, seriesNames, null);
    write(img, file);
  }

  public static void logLines(String title, String xLabel, String yLabel, List<Series> series, Path file) throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img, title);
    double minX = Double.MAX_VALUE, maxX = 0, minY = Double.MAX_VALUE, maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        if (p[0] <= 0 || p[1] <= 0 || Double.isNaN(p[1])) continue;
        minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
      }
    }
    if (maxX == 0) { minX = 1; maxX = 10; minY = 1; maxY = 10; }
    double lx0 = Math.floor(Math.log10(minX)), lx1 = Math.ceil(Math.log10(maxX));
    double ly0 = Math.floor(Math.log10(minY)), ly1 = Math.ceil(Math.log10(maxY));
    if (lx1 == lx0) lx1++;
    if (ly1 == ly0) ly1++;
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (double e = lx0; e <= lx1; e++) {
      int x = LEFT + (int) ((e - lx0) / (lx1 - lx0) * plotW);
      g.setColor(new Color(0xdddddd)); g.drawLine(x, TOP, x, TOP + plotH);
      g.setColor(Color.BLACK); g.drawString(Fmt.num(Math.pow(10, e)), x - 10, TOP + plotH + 16);
    }
    for (double e = ly0; e <= ly1; e++) {
      int y = TOP + plotH - (int) ((e - ly0) / (ly1 - ly0) * plotH);
      g.setColor(new Color(0xdddddd)); g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.BLACK); g.drawString(Fmt.num(Math.pow(10, e)), LEFT - 50, y + 4);
    }
    frame(g, xLabel, yLabel, plotW, plotH);
    Stroke solid = new BasicStroke(2f);
    Stroke dashed = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    for (Series s : series) {
      g.setColor(PALETTE[s.colorIndex() % PALETTE.length]);
      g.setStroke(s.dash() ? dashed : solid);
      int px = -1, py = -1;
      for (double[] p : s.points()) {
        if (p[0] <= 0 || p[1] <= 0 || Double.isNaN(p[1])) continue;
        int x = LEFT + (int) ((Math.log10(p[0]) - lx0) / (lx1 - lx0) * plotW);
        int y = TOP + plotH - (int) ((Math.log10(p[1]) - ly0) / (ly1 - ly0) * plotH);
        g.fillOval(x - 3, y - 3, 6, 6);
        if (px >= 0) g.drawLine(px, py, x, y);
        px = x; py = y;
      }
    }
    g.setStroke(new BasicStroke(1f));
    legend(g, series.stream().map(Series::name).toList(), series);
    write(img, file);
  }

  private static Graphics2D canvas(BufferedImage img, String title) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 30);
    return g;
  }

  private static void axesLinear(Graphics2D g, double min, double max, String yLabel, int plotH) {
    int plotW = W - LEFT - RIGHT;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i <= 5; i++) {
      double v = min + (max - min) * i / 5;
      int y = TOP + plotH - (int) (plotH * i / 5.0);
      g.setColor(new Color(0xdddddd)); g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.BLACK); g.drawString(Fmt.num(v), LEFT - 50, y + 4);
    }
    frame(g, "", yLabel, plotW, plotH);
  }

  private static void frame(Graphics2D g, String xLabel, String yLabel, int plotW, int plotH) {
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(xLabel, LEFT + plotW / 2 - 60, H - 25);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    r.drawString(yLabel, -(TOP + plotH / 2 + 60), 25);
    r.dispose();
  }

  private static void legend(Graphics2D g, List<String> names, List<Series> series) {
    int x = W - RIGHT + 15;
    int y = TOP + 10;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i < names.size(); i++) {
      int ci = series == null ? i : series.get(i).colorIndex();
      g.setColor(PALETTE[ci % PALETTE.length]);
      if (series != null && series.get(i).dash()) {
        g.drawLine(x, y + 6 + i * 20, x + 6, y + 6 + i * 20);
        g.drawLine(x + 9, y + 6 + i * 20, x + 14, y + 6 + i * 20);
      } else {
        g.fillRect(x, y + i * 20, 14, 12);
      }
      g.setColor(Color.BLACK);
      g.drawString(names.get(i), x + 20, y + 11 + i * 20);
    }
  }

  private static double niceCeil(double v) {
    if (v <= 0) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * p >= v) return m * p;
    return 10 * p;
  }

  private static void write(BufferedImage img, Path file) throws IOException {
    ImageIO.write(img, "png", file.toFile());
  }
}
