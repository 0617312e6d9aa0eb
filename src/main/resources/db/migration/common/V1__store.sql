-- The store's schema, the same on H2 and PostgreSQL. Two types differ and come from Flyway
-- placeholders (see io.plumbline.store.Vendor): ${binary} is BLOB on H2 and BYTEA on
-- PostgreSQL, ${text} is VARCHAR on H2 (unbounded there, and kept in the row, unlike a CLOB) and
-- TEXT on PostgreSQL. Times are UTC, microseconds.
-- Every row that belongs to a scan is deleted with it (retention), and every such row is covered
-- by the scan's row_hash (docs/store.md, "Hash chain").

-- One row: the end of the hash chain (the last recorded scan) and its anchor (the last scan
-- retention pruned). record() locks this row first, so scans are numbered one at a time even when
-- several processes share the database.
CREATE TABLE chain_head (
    id          INTEGER NOT NULL PRIMARY KEY,
    head_seq    BIGINT NOT NULL,
    head_hash   VARCHAR(80) NOT NULL,
    anchor_seq  BIGINT NOT NULL,
    anchor_hash VARCHAR(80) NOT NULL,
    anchor_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT chain_head_one_row CHECK (id = 1)
);

INSERT INTO chain_head (id, head_seq, head_hash, anchor_seq, anchor_hash, anchor_at)
VALUES (1, 0, 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
        0, 'sha256:0000000000000000000000000000000000000000000000000000000000000000', NULL);

CREATE TABLE scans (
    scan_id               VARCHAR(200) NOT NULL PRIMARY KEY,
    seq                   BIGINT NOT NULL,
    started_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    status                VARCHAR(16) NOT NULL,
    error                 ${text},
    snapshot_id           VARCHAR(200),
    content_hash          VARCHAR(80),
    resource_count        BIGINT NOT NULL,
    coverage_count        BIGINT NOT NULL,
    failed_coverage_count BIGINT NOT NULL,
    pass_count            BIGINT NOT NULL,
    fail_count            BIGINT NOT NULL,
    unknown_count         BIGINT NOT NULL,
    waived_count          BIGINT NOT NULL,
    new_count             BIGINT NOT NULL,
    persisting_count      BIGINT NOT NULL,
    reopened_count        BIGINT NOT NULL,
    resolved_count        BIGINT NOT NULL,
    still_unknown_count   BIGINT NOT NULL,
    drift_before          VARCHAR(200),
    drift_after           VARCHAR(200),
    snapshot_digest       VARCHAR(80) NOT NULL,
    coverage_digest       VARCHAR(80) NOT NULL,
    findings_digest       VARCHAR(80) NOT NULL,
    events_digest         VARCHAR(80) NOT NULL,
    drift_digest          VARCHAR(80) NOT NULL,
    waivers_digest        VARCHAR(80) NOT NULL,
    reports_digest        VARCHAR(80) NOT NULL,
    prev_hash             VARCHAR(80) NOT NULL,
    row_hash              VARCHAR(80) NOT NULL,
    CONSTRAINT scans_seq_unique UNIQUE (seq),
    CONSTRAINT scans_status_known CHECK (status IN ('COMPLETE', 'INCOMPLETE', 'ABORTED', 'FAILED'))
);

CREATE INDEX scans_started_at ON scans (started_at);

-- The snapshot as gzip of its canonical JSON (docs/snapshot-format.md); data_sha256 is the
-- SHA-256 of the stored bytes, so the chain covers the blob itself.
CREATE TABLE snapshots (
    scan_id        VARCHAR(200) NOT NULL PRIMARY KEY,
    snapshot_id    VARCHAR(200) NOT NULL,
    schema_version INTEGER NOT NULL,
    taken_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    content_hash   VARCHAR(80) NOT NULL,
    json_bytes     BIGINT NOT NULL,
    data_bytes     BIGINT NOT NULL,
    data_sha256    VARCHAR(80) NOT NULL,
    data           ${binary} NOT NULL,
    CONSTRAINT snapshots_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id) ON DELETE CASCADE
);

-- Copied out of the snapshot so that "which reads failed" is a query, not a decompression.
CREATE TABLE coverage (
    scan_id       VARCHAR(200) NOT NULL,
    scope         VARCHAR(200) NOT NULL,
    resource_type VARCHAR(200) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    reason        ${text},
    note          ${text},
    CONSTRAINT coverage_key PRIMARY KEY (scan_id, scope, resource_type),
    CONSTRAINT coverage_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id) ON DELETE CASCADE
);

-- Every FAIL, WAIVED and UNKNOWN finding of a scan; PASS findings are counted per rule in
-- pass_counts (docs/store.md, "Why PASS findings are counted, not stored").
CREATE TABLE findings (
    scan_id       VARCHAR(200) NOT NULL,
    fingerprint   VARCHAR(400) NOT NULL,
    rule_id       VARCHAR(200) NOT NULL,
    severity      VARCHAR(16) NOT NULL,
    verdict       VARCHAR(16) NOT NULL,
    resource_type VARCHAR(200) NOT NULL,
    scope         VARCHAR(200) NOT NULL,
    resource_id   VARCHAR NOT NULL,
    attribute     VARCHAR,
    message       ${text} NOT NULL,
    evidence      ${text} NOT NULL,
    location      VARCHAR,
    waiver        VARCHAR(200),
    CONSTRAINT findings_key PRIMARY KEY (scan_id, fingerprint),
    CONSTRAINT findings_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id) ON DELETE CASCADE,
    CONSTRAINT findings_not_pass CHECK (verdict IN ('FAIL', 'WAIVED', 'UNKNOWN'))
);

CREATE TABLE pass_counts (
    scan_id VARCHAR(200) NOT NULL,
    rule_id VARCHAR(200) NOT NULL,
    passed  BIGINT NOT NULL,
    CONSTRAINT pass_counts_key PRIMARY KEY (scan_id, rule_id),
    CONSTRAINT pass_counts_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id) ON DELETE CASCADE
);

-- What each scan did to each failing finding's lifecycle (NEW, PERSISTING, REOPENED, RESOLVED,
-- UNKNOWN); verdict is absent when the finding was gone from the scan.
CREATE TABLE lifecycle_events (
    scan_id     VARCHAR(200) NOT NULL,
    fingerprint VARCHAR(400) NOT NULL,
    event       VARCHAR(16) NOT NULL,
    verdict     VARCHAR(16),
    CONSTRAINT lifecycle_events_key PRIMARY KEY (scan_id, fingerprint),
    CONSTRAINT lifecycle_events_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id)
        ON DELETE CASCADE
);

CREATE INDEX lifecycle_events_fingerprint ON lifecycle_events (fingerprint);

-- The current state of every finding that ever failed. Scan ids here are plain values, not
-- foreign keys: a lifecycle outlives the scans retention prunes.
CREATE TABLE lifecycles (
    fingerprint     VARCHAR(400) NOT NULL PRIMARY KEY,
    rule_id         VARCHAR(200) NOT NULL,
    severity        VARCHAR(16) NOT NULL,
    resource_type   VARCHAR(200) NOT NULL,
    scope           VARCHAR(200) NOT NULL,
    resource_id     VARCHAR NOT NULL,
    attribute       VARCHAR,
    state           VARCHAR(16) NOT NULL,
    waived          BOOLEAN NOT NULL,
    last_verdict    VARCHAR(16),
    first_seen_scan VARCHAR(200) NOT NULL,
    first_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_scan  VARCHAR(200) NOT NULL,
    last_seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_scan   VARCHAR(200),
    resolved_at     TIMESTAMP WITH TIME ZONE,
    reopen_count    INTEGER NOT NULL,
    updated_scan    VARCHAR(200) NOT NULL,
    CONSTRAINT lifecycles_state_known CHECK (state IN ('OPEN', 'RESOLVED'))
);

CREATE INDEX lifecycles_state ON lifecycles (state);

CREATE TABLE drift_changes (
    scan_id       VARCHAR(200) NOT NULL,
    ordinal       INTEGER NOT NULL,
    kind          VARCHAR(16) NOT NULL,
    resource_type VARCHAR(200) NOT NULL,
    scope         VARCHAR(200) NOT NULL,
    resource_id   VARCHAR NOT NULL,
    attributes    ${text} NOT NULL,
    reason        ${text},
    CONSTRAINT drift_changes_key PRIMARY KEY (scan_id, ordinal),
    CONSTRAINT drift_changes_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id)
        ON DELETE CASCADE
);

-- places: a JSON array of drift_changes ordinals of the same scan.
CREATE TABLE drift_groups (
    scan_id       VARCHAR(200) NOT NULL,
    ordinal       INTEGER NOT NULL,
    cause         VARCHAR NOT NULL,
    kind          VARCHAR(16) NOT NULL,
    resource_type VARCHAR(200) NOT NULL,
    summary       ${text} NOT NULL,
    attributes    ${text} NOT NULL,
    places        ${text} NOT NULL,
    CONSTRAINT drift_groups_key PRIMARY KEY (scan_id, ordinal),
    CONSTRAINT drift_groups_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id)
        ON DELETE CASCADE
);

-- findings: a JSON array of the fingerprints the waiver covered at that scan.
CREATE TABLE waivers (
    scan_id       VARCHAR(200) NOT NULL,
    waiver_id     VARCHAR(200) NOT NULL,
    state         VARCHAR(16) NOT NULL,
    expires       DATE NOT NULL,
    owner         VARCHAR NOT NULL,
    ticket        VARCHAR NOT NULL,
    justification ${text} NOT NULL,
    source        VARCHAR NOT NULL,
    findings      ${text} NOT NULL,
    CONSTRAINT waivers_key PRIMARY KEY (scan_id, waiver_id),
    CONSTRAINT waivers_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id) ON DELETE CASCADE
);

CREATE TABLE reports (
    scan_id    VARCHAR(200) NOT NULL,
    path       VARCHAR(1000) NOT NULL,
    format     VARCHAR(32) NOT NULL,
    sha256     VARCHAR(80) NOT NULL,
    size_bytes BIGINT NOT NULL,
    written_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT reports_key PRIMARY KEY (scan_id, path),
    CONSTRAINT reports_scan FOREIGN KEY (scan_id) REFERENCES scans (scan_id) ON DELETE CASCADE
);
