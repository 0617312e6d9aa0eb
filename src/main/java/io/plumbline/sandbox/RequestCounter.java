package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts requests by endpoint template and status, for tests and benchmarks. */
final class RequestCounter {

  private record Key(String endpoint, int status) {}

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

  void record(String endpoint, int status) {
    counts.computeIfAbsent(new Key(endpoint, status), key -> new LongAdder()).increment();
  }

  void reset() {
    counts.clear();
  }

  ObjectNode toJson() {
    Map<String, Map<Integer, Long>> sorted = new TreeMap<>();
    long total = 0;
    for (Map.Entry<Key, LongAdder> entry : counts.entrySet()) {
      long count = entry.getValue().sum();
      sorted
          .computeIfAbsent(entry.getKey().endpoint(), key -> new TreeMap<>())
          .put(entry.getKey().status(), count);
      total += count;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("total", total);
    ArrayNode requests = body.putArray("requests");
    sorted.forEach(
        (endpoint, byStatus) ->
            byStatus.forEach(
                (status, count) -> {
                  ObjectNode row = requests.addObject();
                  row.put("endpoint", endpoint);
                  row.put("status", status);
                  row.put("count", count);
                }));
    return body;
  }
}
