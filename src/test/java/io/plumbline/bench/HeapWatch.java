package io.plumbline.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap of this JVM while a scan runs, four ways, because "peak heap" means different
 * things: the most heap in use at any sampled moment (live data and garbage not yet collected, so
 * it grows with -Xmx), the sum of each pool's own peak (an upper bound: the pools peak at different
 * times), the most heap still in use right after a collection (an upper bound of the live set: a
 * young collection leaves old-generation garbage in place), and what is left after a full
 * collection at the end with the scan's snapshot still referenced.
 */
final class HeapWatch implements NotificationListener, AutoCloseable {

  private static final long SAMPLE_MILLIS = 20;

  private final List<MemoryPoolMXBean> heapPools;
  private final Set<String> heapPoolNames;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final AtomicLong maxUsedSampled = new AtomicLong();
  private final AtomicLong maxCommitted = new AtomicLong();
  private final AtomicLong maxAfterCollection = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private HeapWatch() {
    heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    heapPoolNames =
        heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(this, null, null);
        emitters.add(emitter);
      }
    }
    sampler =
        new Thread(
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  static HeapWatch start() {
    return new HeapWatch();
  }

  private void sample() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    maxUsedSampled.accumulateAndGet(heap.getUsed(), Math::max);
    maxCommitted.accumulateAndGet(heap.getCommitted(), Math::max);
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!notification
        .getType()
        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    collections.incrementAndGet();
    long before = 0;
    long after = 0;
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
      if (heapPoolNames.contains(pool.getKey())) {
        before += pool.getValue().getUsed();
      }
    }
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPoolNames.contains(pool.getKey())) {
        after += pool.getValue().getUsed();
      }
    }
    maxUsedSampled.accumulateAndGet(before, Math::max);
    maxAfterCollection.accumulateAndGet(after, Math::max);
  }

  /**
   * Stops watching and reports, in bytes. Call it while whatever the scan produced is still
   * referenced: the final full collection measures what it retains.
   */
  ObjectNode report() {
    running = false;
    sampler.interrupt();
    sample();
    long poolPeaks = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      poolPeaks += pool.getPeakUsage().getUsed();
    }
    System.gc();
    long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    report.put("peak_used_sampled_bytes", maxUsedSampled.get());
    report.put("peak_used_pool_sum_bytes", poolPeaks);
    report.put("peak_committed_bytes", maxCommitted.get());
    report.put("peak_after_gc_bytes", maxAfterCollection.get());
    report.put("retained_after_full_gc_bytes", retained);
    report.put("collections", collections.get());
    return report;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(this);
      } catch (ListenerNotFoundException e) {
        // already gone
      }
    }
  }
}
