package dev.coracle.hcs.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.ByReference;
import dev.coracle.hcs.nativeapi.DriverInfo;
import dev.coracle.hcs.nativeapi.Guid;
import dev.coracle.hcs.nativeapi.WcLayerDescriptor;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What every part of the fake shares: the handle table, the strings handed out, the recorded
 * calls, the violations found and the failures to inject. All methods are thread-safe.
 */
final class Ledger {

  static final ObjectMapper JSON = new ObjectMapper();

  /** What a handle stands for; a close function accepts only its own kind. */
  enum Kind { OPERATION, SYSTEM, PROCESS, PIPE, NETWORK, NAMESPACE, ENDPOINT }

  /** Which function must free a returned string (WINDOWS.md §1.1). */
  enum Free { LOCAL_FREE, CO_TASK_MEM_FREE }

  /**
   * A failure to inject into one call: its HRESULT and result/error document (may be null);
   * {@code immediate} makes an operation-tracked call itself return the HRESULT (§1.3 step 2).
   */
  record Injection(int hresult, String document, boolean immediate) {
  }

  /** A recorded call and what the test scripted for it. */
  record Recorded(Call call, Injection injection, boolean stall) {
  }

  private static final class Entry {
    final Kind kind;
    final Object target;
    final String openedBy;
    boolean open = true;
    int users;

    Entry(Kind kind, Object target, String openedBy) {
      this.kind = kind;
      this.target = target;
      this.openedBy = openedBy;
    }
  }

  private record Allocation(Memory memory, Free free, String function) {
  }

  private record Rule(String function, Predicate<Call> when, int hresult) {
  }

  private long nextHandle = 0x1000;
  private final Map<Long, Entry> handles = new HashMap<>();
  private final Map<Long, Allocation> strings = new LinkedHashMap<>();
  /** Freed strings stay reachable a while so a read after free sees zeros, not a crash. */
  private final Deque<Memory> freed = new ArrayDeque<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Deque<Injection>> nextFailures = new HashMap<>();
  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, Integer> stalls = new HashMap<>();

  // ---- calls and scripting

  synchronized Recorded record(String function, Object... args) {
    List<Object> converted = new ArrayList<>(args.length);
    for (Object arg : args) {
      converted.add(convert(arg));
    }
    Call call = new Call(function, converted);
    calls.add(call);
    Injection injection = null;
    Deque<Injection> queued = nextFailures.get(function);
    if (queued != null && !queued.isEmpty()) {
      injection = queued.removeFirst();
    } else {
      for (Rule rule : rules) {
        if (rule.function().equals(function) && rule.when().test(call)) {
          injection = new Injection(rule.hresult(), null, false);
          break;
        }
      }
    }
    boolean stall = false;
    Integer pending = stalls.get(function);
    if (pending != null && pending > 0) {
      stalls.put(function, pending - 1);
      stall = true;
    }
    return new Recorded(call, injection, stall);
  }

  synchronized void failNext(String function, int hresult, String document, boolean immediate) {
    nextFailures.computeIfAbsent(function, f -> new ArrayDeque<>()).addLast(new Injection(hresult, document, immediate));
  }

  synchronized void failOn(String function, Predicate<Call> when, int hresult) {
    rules.add(new Rule(function, when, hresult));
  }

  synchronized void stallNext(String function) {
    stalls.merge(function, 1, Integer::sum);
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized void clear() {
    calls.clear();
    violations.clear();
    nextFailures.clear();
    rules.clear();
    stalls.clear();
  }

  synchronized void violation(String text) {
    violations.add(text);
  }

  synchronized List<String> violations() {
    List<String> all = new ArrayList<>(violations);
    strings.forEach((address, allocation) -> all.add(
        "string returned by " + allocation.function() + " was never freed (" + freeName(allocation.free()) + ")"));
    return all;
  }

  // ---- handles

  synchronized Pointer open(Kind kind, Object target, String function) {
    long value = nextHandle;
    nextHandle += 8;
    handles.put(value, new Entry(kind, target, function));
    return Pointer.createConstant(value);
  }

  /** The object behind an open handle of {@code kind}, or null (a violation) for any other. */
  synchronized <T> T target(Pointer handle, Kind kind, String function, Class<T> type) {
    Entry entry = check(handle, kind, function);
    return entry == null ? null : type.cast(entry.target);
  }

  /** Marks the handle in use by {@code function} until the result is closed; null target if invalid. */
  synchronized <T> Use<T> use(Pointer handle, Kind kind, String function, Class<T> type) {
    Entry entry = check(handle, kind, function);
    if (entry == null) {
      return new Use<>(null, null);
    }
    entry.users++;
    return new Use<>(type.cast(entry.target), entry);
  }

  /** A handle held by a running call. */
  final class Use<T> implements AutoCloseable {
    private final T target;
    private final Entry entry;

    private Use(T target, Entry entry) {
      this.target = target;
      this.entry = entry;
    }

    T target() {
      return target;
    }

    @Override
    public void close() {
      if (entry != null) {
        synchronized (Ledger.this) {
          entry.users--;
        }
      }
    }
  }

  /** Closes a handle; returns its object, or null (a violation) if it was not an open one of {@code kind}. */
  synchronized Object close(Pointer handle, Kind kind, String function) {
    Entry entry = check(handle, kind, function);
    if (entry == null) {
      return null;
    }
    if (entry.users > 0) {
      violation(function + " closed handle " + hex(handle) + " while a call was using it (crashes computecore, §1.1)");
    }
    entry.open = false;
    return entry.target;
  }

  synchronized boolean isOpen(long handle) {
    Entry entry = handles.get(handle);
    return entry != null && entry.open;
  }

  /** Open handles of {@code kind} whose object is {@code target}. */
  synchronized List<Long> openHandlesOf(Kind kind, Object target) {
    List<Long> open = new ArrayList<>();
    handles.forEach((value, entry) -> {
      if (entry.open && entry.kind == kind && entry.target == target) {
        open.add(value);
      }
    });
    return open;
  }

  synchronized List<String> openHandles() {
    List<String> open = new ArrayList<>();
    handles.forEach((value, entry) -> {
      if (entry.open) {
        open.add(entry.kind + " handle 0x" + Long.toHexString(value) + " from " + entry.openedBy);
      }
    });
    return open;
  }

  private Entry check(Pointer handle, Kind kind, String function) {
    if (handle == null) {
      violation(function + " was given a NULL " + kind + " handle");
      return null;
    }
    Entry entry = handles.get(Pointer.nativeValue(handle));
    if (entry == null) {
      violation(function + " was given unknown handle " + hex(handle));
      return null;
    }
    if (!entry.open) {
      violation(function + " was given closed " + entry.kind + " handle " + hex(handle));
      return null;
    }
    if (entry.kind != kind) {
      violation(function + " was given a " + entry.kind + " handle where a " + kind + " handle belongs");
      return null;
    }
    return entry;
  }

  // ---- strings

  /** A string the caller must free with {@code free}; null for null text. */
  synchronized Pointer allocate(String text, Free free, String function) {
    if (text == null) {
      return null;
    }
    Memory memory = new Memory((long) (text.length() + 1) * Native.WCHAR_SIZE);
    memory.setWideString(0, text);
    strings.put(Pointer.nativeValue(memory), new Allocation(memory, free, function));
    return memory;
  }

  synchronized void free(Pointer memory, Free free, String function) {
    if (memory == null) {
      return;
    }
    Allocation allocation = strings.remove(Pointer.nativeValue(memory));
    if (allocation == null) {
      violation(function + " freed memory the fake never returned, or freed it twice: " + hex(memory));
      return;
    }
    if (allocation.free() != free) {
      violation("string returned by " + allocation.function() + " was freed with " + function
          + " instead of " + freeName(allocation.free()));
    }
    allocation.memory().clear();
    freed.addLast(allocation.memory());
    if (freed.size() > 4096) {
      freed.removeFirst();
    }
  }

  // ---- helpers

  static String freeName(Free free) {
    return free == Free.LOCAL_FREE ? "LocalFree" : "CoTaskMemFree";
  }

  static String hex(Pointer pointer) {
    return "0x" + Long.toHexString(Pointer.nativeValue(pointer));
  }

  /** JSON text as a tree, or null when it is not JSON. */
  static JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static Object convert(Object arg) {
    if (arg == null) {
      return null;
    }
    if (arg instanceof WString text) {
      String s = text.toString();
      String trimmed = s.strip();
      if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        JsonNode node = parse(s);
        return node == null ? s : node;
      }
      return s;
    }
    if (arg instanceof Guid guid) {
      return guid.toString();
    }
    if (arg instanceof DriverInfo info) {
      return "DriverInfo{Flavour=" + info.Flavour + ", HomeDir=\"" + info.HomeDir + "\"}";
    }
    if (arg instanceof WcLayerDescriptor[] descriptors) {
      ArrayNode array = JSON.createArrayNode();
      Arrays.stream(descriptors).forEach(d -> array.addObject()
          .put("LayerId", d.LayerId.toString()).put("Flags", d.Flags).put("Path", String.valueOf(d.Path)));
      return array;
    }
    if (arg instanceof Pointer pointer) {
      return Pointer.nativeValue(pointer);
    }
    if (arg instanceof ByReference || arg instanceof Structure) {
      return "out";
    }
    if (arg instanceof Callback) {
      return "callback";
    }
    if (arg instanceof byte[] bytes) {
      return bytes.length;
    }
    return arg;
  }
}
