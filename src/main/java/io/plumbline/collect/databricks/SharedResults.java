package io.plumbline.collect.databricks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Results several reads of one collection need (the account's group list, one group's members, a
 * workspace's client), fetched once per key however many reads ask at the same time. A failure is
 * not kept: every read that saw it fails (and is retried by the run), and the next attempt fetches
 * again. Only the thread that fetches does I/O; the others wait for it, never for queued work, so
 * the run's bounded lanes cannot deadlock on it.
 */
final class SharedResults<K, V> {

  @FunctionalInterface
  interface Loader<V> {
    V load() throws Exception;
  }

  private final ConcurrentHashMap<K, CompletableFuture<V>> results = new ConcurrentHashMap<>();

  V get(K key, Loader<V> loader) throws Exception {
    while (true) {
      CompletableFuture<V> existing = results.get(key);
      if (existing == null) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        existing = results.putIfAbsent(key, mine);
        if (existing == null) {
          return load(key, mine, loader);
        }
      }
      try {
        return existing.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InterruptedException) {
          continue; // the loader's thread was stopped, not this one: fetch again
        }
        if (cause instanceof Exception exception) {
          throw exception;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  private V load(K key, CompletableFuture<V> mine, Loader<V> loader) throws Exception {
    try {
      V value = loader.load();
      mine.complete(value);
      return value;
    } catch (Exception | Error e) {
      results.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }
}
