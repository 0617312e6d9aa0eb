package io.plumbline.collect.aws;

import static java.util.Objects.requireNonNull;

import io.plumbline.collect.ReadException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One fetch that several reads share: GetAccountAuthorizationDetails returns roles, their policies
 * and attachments, and managed policies in one paged call, while the engine accounts coverage per
 * resource type. Attempt {@code n} of every read shares the fetch's attempt {@code n}: it runs
 * once, whichever read asks first, and the others wait for and share its outcome, so a failure
 * fails them all alike and a retry fetches again. A success is kept and answers every later
 * attempt.
 */
final class SharedFetch<T> {

  @FunctionalInterface
  interface Fetch<T> {
    T fetch() throws ReadException, InterruptedException;
  }

  private final Fetch<T> fetch;
  private final Map<Integer, FutureTask<T>> attempts = new HashMap<>();
  private T success;

  SharedFetch(Fetch<T> fetch) {
    this.fetch = requireNonNull(fetch, "fetch is null");
  }

  /**
   * @param attempt the calling read's attempt, from 1
   */
  T get(int attempt) throws ReadException, InterruptedException {
    FutureTask<T> task;
    boolean owner = false;
    synchronized (this) {
      if (success != null) {
        return success;
      }
      task = attempts.get(attempt);
      if (task == null) {
        task = new FutureTask<>(fetch::fetch);
        attempts.put(attempt, task);
        owner = true;
      }
    }
    if (owner) {
      task.run();
    }
    try {
      T value = task.get();
      synchronized (this) {
        success = value;
      }
      return value;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ReadException read) {
        throw read;
      }
      if (cause instanceof InterruptedException) {
        throw new InterruptedException("the shared IAM fetch was interrupted");
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("the shared IAM fetch failed", cause);
    }
  }
}
