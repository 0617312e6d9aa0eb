package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;
import java.util.List;
import java.util.Optional;

/**
 * What a complete read returned. {@code note} explains an empty result that is complete for a known
 * reason (a workspace with no metastore has no catalogs to list).
 */
public record ReadResult(List<Resource> resources, Optional<String> note) {

  public ReadResult {
    resources = List.copyOf(requireNonNull(resources, "resources is null"));
    requireNonNull(note, "note is null");
  }

  public static ReadResult of(List<Resource> resources) {
    return new ReadResult(resources, Optional.empty());
  }

  public static ReadResult emptyBecause(String note) {
    return new ReadResult(List.of(), Optional.of(note));
  }
}
