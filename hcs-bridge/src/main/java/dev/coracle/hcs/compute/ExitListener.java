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
 * thread. Its owner keeps it strongly reachable while the handle is open.
 */
final class ExitListener implements ComputeCore.EventCallback {

  private final int exitType;
  private final String threadName;
  private final List<Consumer<String>> consumers = new CopyOnWriteArrayList<>();

  ExitListener(int exitType, String threadName) {
    this.exitType = exitType;
    this.threadName = threadName;
  }

  void add(Consumer<String> consumer) {
    consumers.add(consumer);
  }

  @Override
  public void callback(HcsEvent event, Pointer context) {
    if (event == null || event.Type != exitType) {
      return;
    }
    String data = event.EventData == null ? "" : event.EventData.toString();
    Thread.ofVirtual().name(threadName).start(() -> consumers.forEach(consumer -> consumer.accept(data)));
  }
}
