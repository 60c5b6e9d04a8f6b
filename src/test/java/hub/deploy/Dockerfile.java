package hub.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Dockerfile read as instructions (continuation lines joined, comments dropped), enough for static checks. */
record Dockerfile(List<String[]> instructions) {

  static Dockerfile read(Path file) throws Exception {
    List<String[]> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String t = line.strip();
      if (t.startsWith("#") || (t.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (t.endsWith("\\")) {
        current.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      current.append(t);
      String[] parts = current.toString().split("\\s+", 2);
      out.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""});
      current.setLength(0);
    }
    return new Dockerfile(out);
  }

  /** The arguments of the last {@code keyword}, or "" when there is none. */
  String last(String keyword) {
    String found = "";
    for (String[] i : instructions) {
      if (i[0].equals(keyword)) {
        found = i[1];
      }
    }
    return found;
  }

  /** The image of the final stage. */
  String lastFrom() {
    return last("FROM").split("\\s+")[0];
  }

  /** What the COPY instructions take from the build context (not those copying from another stage). */
  List<String> copiedSources() {
    List<String> sources = new ArrayList<>();
    for (String[] i : instructions) {
      if (i[0].equals("COPY") && !i[1].startsWith("--from")) {
        String[] words = i[1].split("\\s+");
        for (int w = 0; w < words.length - 1; w++) {
          sources.add(words[w]);
        }
      }
    }
    return sources;
  }
}
