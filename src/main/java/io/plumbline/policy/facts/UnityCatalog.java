package io.plumbline.policy.facts;

/** What Unity Catalog securables have in common. */
final class UnityCatalog {

  private UnityCatalog() {}

  /**
   * Catalogs say {@code ISOLATED}; storage credentials and external locations say {@code
   * ISOLATION_MODE_ISOLATED}.
   */
  static boolean isIsolated(String isolationMode) {
    return isolationMode.equals("ISOLATED") || isolationMode.equals("ISOLATION_MODE_ISOLATED");
  }
}
