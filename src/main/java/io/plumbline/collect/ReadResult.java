package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;
import java.util.List;
import java.util.Optional;

/**
 * What a complete read returned. {@code note} explains an empty result that is complete for a known
 * reason (a workspace with no metastore has no catalogs to list), or why some attributes are
 * unknown; {@code unknownAttributes} names the attributes the API would not give (see {@link
 * io.plumbline.model.Coverage#unknownAttributes()}).
 */
public record ReadResult(
    List<Resource> resources, Optional<String> note, List<String> unknownAttributes) {

  public ReadResult {
    resources = List.copyOf(requireNonNull(resources, "resources is null"));
    requireNonNull(note, "note is null");
    unknownAttributes = List.copyOf(requireNonNull(unknownAttributes, "unknownAttributes is null"));
    if (!unknownAttributes.isEmpty() && note.isEmpty()) {
      throw new IllegalArgumentException("unknown attributes need a note saying why");
    }
  }

  public static ReadResult of(List<Resource> resources) {
    return new ReadResult(resources, Optional.empty(), List.of());
  }

  public static ReadResult emptyBecause(String note) {
    return new ReadResult(List.of(), Optional.of(note), List.of());
  }

  /** Every resource, but without the values of {@code attributes}, for the reason {@code note}. */
  public static ReadResult withUnknownAttributes(
      List<Resource> resources, List<String> attributes, String note) {
    return new ReadResult(resources, Optional.of(note), attributes);
  }
}
