-- What each scan was judged with (issue 12): the content hashes of the rule pack and of the
-- policies (baselines, waivers, framework mappings) as evaluated, and the files themselves, once
-- per distinct hash, so that an evidence pack can carry them and re-run the evaluation offline.
-- Scans recorded before this migration keep NULL in both columns; their row hash is computed
-- without them (docs/store.md, "Hash chain"), so an existing chain still verifies.
ALTER TABLE scans ADD COLUMN rules_hash VARCHAR(80);
ALTER TABLE scans ADD COLUMN policies_hash VARCHAR(80);

-- files: a JSON object of path (relative to the rule pack or policies directory) -> content.
-- Content-addressed and shared by the scans that name the hash; retention does not prune it.
CREATE TABLE evaluation_inputs (
    content_hash VARCHAR(80) NOT NULL PRIMARY KEY,
    kind         VARCHAR(16) NOT NULL,
    files        ${text} NOT NULL,
    CONSTRAINT evaluation_inputs_kind_known CHECK (kind IN ('RULES', 'POLICIES'))
);

-- Period reports written by serve's schedule (plumbline.report.schedule), with their hashes: an
-- auditor lists and downloads them through the API. Not part of any scan.
CREATE TABLE period_reports (
    report_id    VARCHAR(200) NOT NULL,
    format       VARCHAR(16) NOT NULL,
    period_from  TIMESTAMP WITH TIME ZONE NOT NULL,
    period_to    TIMESTAMP WITH TIME ZONE NOT NULL,
    framework    VARCHAR(64) NOT NULL,
    written_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    sha256       VARCHAR(80) NOT NULL,
    size_bytes   BIGINT NOT NULL,
    media_type   VARCHAR(100) NOT NULL,
    data         ${binary} NOT NULL,
    CONSTRAINT period_reports_key PRIMARY KEY (report_id, format)
);
