package io.plumbline.model;

import java.util.List;

/**
 * The workspace settings {@code GET /api/2.0/workspace-conf?keys=...} accepts (an unknown key is a
 * 400), in one place for the emulator that serves them, the collector that asks for them and the
 * rules that judge them.
 */
public final class WorkspaceConfKeys {

  public static final List<String> ALL =
      List.of(
          "enableIpAccessLists",
          "enableTokensConfig",
          "maxTokenLifetimeDays",
          "maxUserInactiveDays",
          "enableDeprecatedGlobalInitScripts",
          "enforceUserIsolation",
          "enableWebTerminal",
          "enableDbfsFileBrowser",
          "enableResultsDownloading",
          "enableExportNotebook",
          "enableNotebookTableClipboard",
          "enableVerboseAuditLogs",
          "enable-X-Frame-Options",
          "enable-X-Content-Type-Options",
          "enable-X-XSS-Protection",
          "enableNotebookGitVersioning",
          "enableJobViewAcls",
          "enforceClusterViewAcls",
          "enforceWorkspaceViewAcls",
          "enableProjectTypeInWorkspace",
          "enableProjectsAllowList",
          "enableFileStoreEndpoint",
          "storeInteractiveNotebookResultsInCustomerAccount",
          "enableEnforceImdsV2",
          // Git folders and job sources may come only from the allowlist's URL prefixes
          "projectsAllowList");

  private WorkspaceConfKeys() {}
}
