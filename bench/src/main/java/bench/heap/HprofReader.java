package bench.heap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A streaming reader of the HPROF binary format that HotSpot writes ({@code jcmd PID GC.heap_dump}, "JAVA PROFILE
 * 1.0.2"): one pass over the file hands each record of interest to a {@link Visitor} and keeps nothing itself, so a
 * dump of any size is read in constant memory (what the visitor keeps is its own business). Bounded: it refuses an
 * unknown header or identifier size, a record longer than the file, and a heap sub-record it does not know (the
 * format gives no length for those, so nothing after one could be trusted). One thread per reader.
 */
public final class HprofReader implements Closeable {
  public static final int OBJECT = 2;

  /** What a pass wants to see; every method defaults to skipping. Values are HPROF identifiers. */
  public interface Visitor {
    default void utf8(long id, String text) {}

    default void loadClass(long classId, long nameId) {}

    /** {@code fieldNames}/{@code fieldTypes}: the class's own instance fields, in the order the instance data holds them. */
    default void classDump(long classId, long superId, long[] fieldNames, byte[] fieldTypes) {}

    /** One static field of object type with a non-null value. */
    default void staticReference(long classId, long fieldNameId, long target) {}

    /** {@code data[0..length)} is the instance's field values, own class first, then each superclass; reused after return. */
    default void instance(long id, long classId, byte[] data, int length) {}

    /** {@code elements[0..length)}, reused after return. */
    default void objectArray(long id, long arrayClassId, long[] elements, int length) {}

    default void primitiveArray(long id, int type, int length) {}

    /** A GC root of the given sub-record tag (e.g. 0x08 thread object, 0x05 sticky class). */
    default void root(int tag, long id) {}
  }

  private final DataInputStream in;
  private final long fileLength;
  private final int idSize;
  private long pos;
  private byte[] data = new byte[256];
  private long[] elements = new long[256];

  public HprofReader(Path file) throws IOException {
    this.fileLength = Files.size(file);
    this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    StringBuilder header = new StringBuilder();
    for (int b; (b = readU1()) != 0; ) {
      if (header.length() > 32) throw new IOException("not an HPROF file: header too long");
      header.append((char) b);
    }
    if (!header.toString().startsWith("JAVA PROFILE 1.0.")) throw new IOException("not an HPROF file: " + header);
    idSize = readInt();
    if (idSize != 4 && idSize != 8) throw new IOException("unsupported identifier size " + idSize);
    readLong(); // timestamp
  }

  public int idSize() {
    return idSize;
  }

  /** Bytes a value of an HPROF basic type takes. */
  public int sizeOf(int type) throws IOException {
    switch (type) {
      case OBJECT: return idSize;
      case 4: case 8: return 1;  // boolean, byte
      case 5: case 9: return 2;  // char, short
      case 6: case 10: return 4; // float, int
      case 7: case 11: return 8; // double, long
      default: throw new IOException("unknown basic type " + type + " at " + pos);
    }
  }

  /** Reads the whole file once, handing records to {@code v}. */
  public void accept(Visitor v) throws IOException {
    while (pos < fileLength) {
      int tag = readU1();
      readInt(); // microseconds since the header's time
      long length = Integer.toUnsignedLong(readInt());
      if (pos + length > fileLength) throw new IOException("record of " + length + " B at " + pos + " runs past the end");
      long end = pos + length;
      switch (tag) {
        case 0x01: { // UTF8
          long id = readId();
          int n = (int) (length - idSize);
          byte[] b = new byte[n];
          in.readFully(b);
          pos += n;
          v.utf8(id, new String(b, StandardCharsets.UTF_8));
          break;
        }
        case 0x02: { // LOAD CLASS
          readInt();
          long classId = readId();
          readInt();
          v.loadClass(classId, readId());
          break;
        }
        case 0x0C: case 0x1C: // HEAP DUMP, HEAP DUMP SEGMENT
          while (pos < end) heapSubRecord(v);
          break;
        default:
          skip(length);
      }
      if (pos != end) throw new IOException("record with tag " + tag + " ended at " + pos + ", expected " + end);
    }
  }

  private void heapSubRecord(Visitor v) throws IOException {
    int tag = readU1();
    switch (tag) {
      case 0xFF: case 0x05: case 0x07: v.root(tag, readId()); break;  // unknown, sticky class, monitor used
      case 0x01: v.root(tag, readId()); readId(); break;                // JNI global
      case 0x02: case 0x03: case 0x08: v.root(tag, readId()); skip(8); break; // JNI local, Java frame, thread object
      case 0x04: case 0x06: v.root(tag, readId()); skip(4); break;      // native stack, thread block
      case 0x20: classDump(v); break;
      case 0x21: {
        long id = readId();
        readInt();
        long classId = readId();
        int n = readInt();
        checkLength(n, 1);
        if (data.length < n) data = new byte[Math.max(n, data.length * 2)];
        in.readFully(data, 0, n);
        pos += n;
        v.instance(id, classId, data, n);
        break;
      }
      case 0x22: {
        long id = readId();
        readInt();
        int n = readInt();
        checkLength(n, idSize);
        long arrayClassId = readId();
        if (elements.length < n) elements = new long[Math.max(n, elements.length * 2)];
        for (int i = 0; i < n; i++) elements[i] = readId();
        v.objectArray(id, arrayClassId, elements, n);
        break;
      }
      case 0x23: {
        long id = readId();
        readInt();
        int n = readInt();
        int type = readU1();
        long bytes = (long) n * sizeOf(type);
        checkLength(bytes, 1);
        skip(bytes);
        v.primitiveArray(id, type, n);
        break;
      }
      default:
        throw new IOException("unknown heap dump sub-record 0x" + Integer.toHexString(tag) + " at " + (pos - 1));
    }
  }

  private void classDump(Visitor v) throws IOException {
    long classId = readId();
    readInt();
    long superId = readId();
    skip(5L * idSize); // loader, signers, protection domain, two reserved
    readInt();         // instance size
    int constants = readU2();
    for (int i = 0; i < constants; i++) {
      readU2();
      skip(sizeOf(readU1()));
    }
    int statics = readU2();
    for (int i = 0; i < statics; i++) {
      long name = readId();
      int type = readU1();
      if (type == OBJECT) {
        long value = readId();
        if (value != 0) v.staticReference(classId, name, value);
      } else {
        skip(sizeOf(type));
      }
    }
    int fields = readU2();
    long[] names = new long[fields];
    byte[] types = new byte[fields];
    for (int i = 0; i < fields; i++) {
      names[i] = readId();
      types[i] = (byte) readU1();
    }
    v.classDump(classId, superId, names, types);
  }

  private void checkLength(long n, int unit) throws IOException {
    if (n < 0 || pos + n * unit > fileLength) throw new IOException("length " + n + " at " + pos + " runs past the end");
  }

  /** Reads an identifier from instance data (big-endian, {@link #idSize()} bytes). */
  public long idAt(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < idSize; i++) v = (v << 8) | (b[offset + i] & 0xFF);
    return v;
  }

  private long readId() throws IOException {
    return idSize == 4 ? Integer.toUnsignedLong(readInt()) : readLong();
  }

  private int readU1() throws IOException {
    int b = in.read();
    if (b < 0) throw new EOFException("at " + pos);
    pos++;
    return b;
  }

  private int readU2() throws IOException {
    pos += 2;
    return in.readUnsignedShort();
  }

  private int readInt() throws IOException {
    pos += 4;
    return in.readInt();
  }

  private long readLong() throws IOException {
    pos += 8;
    return in.readLong();
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) throw new EOFException("at " + pos);
        s = 1;
      }
      left -= s;
    }
    pos += n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
