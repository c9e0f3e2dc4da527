package dev.coracle.hcs.compute;

import com.sun.jna.Pointer;
import dev.coracle.hcs.nativeapi.ComputeCore;
import dev.coracle.hcs.nativeapi.HcsEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The event callback of one system or process handle, passing the exit event's data to every
 * registered consumer. The callback runs on an HCS thread-pool thread that must not block
 * (WINDOWS.md §1.1), so it copies the event data (HCS owns it) and hands it to a new virtual
 * thread. Its owner keeps it strongly reachable while the handle is open. The exit is passed
 * on once, whether it came as the event or from {@link #exited} (an exit that happened before
 * the callback was registered sends no event), and a consumer added after it gets it at once.
 */
final class ExitListener implements ComputeCore.EventCallback {

  private final int exitType;
  private final String threadName;
  private final List<Consumer<String>> consumers = new CopyOnWriteArrayList<>();
  private String exitData;

  ExitListener(int exitType, String threadName) {
    this.exitType = exitType;
    this.threadName = threadName;
  }

  synchronized void add(Consumer<String> consumer) {
    consumers.add(consumer);
    if (exitData != null) {
      String data = exitData;
      Thread.ofVirtual().name(threadName).start(() -> consumer.accept(data));
    }
  }

  @Override
  public void callback(HcsEvent event, Pointer context) {
    if (event == null || event.Type != exitType) {
      return;
    }
    exited(event.EventData == null ? "" : event.EventData.toString());
  }

  /** The exit, learnt from the event or by asking; only the first one is passed on. */
  synchronized void exited(String data) {
    if (exitData != null) {
      return;
    }
    exitData = data;
    List<Consumer<String>> now = List.copyOf(consumers);
    Thread.ofVirtual().name(threadName).start(() -> now.forEach(consumer -> consumer.accept(data)));
  }
}
