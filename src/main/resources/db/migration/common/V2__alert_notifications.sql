-- What each alert sink was last told about each finding (io.plumbline.export.alert
-- .JdbcNotificationLog): the memory behind de-duplication, reminders and resolves, kept here so
-- that it outlives a restart and is shared by replicas. Operational state like lifecycles: not
-- part of any scan, not covered by the hash chain, not pruned by retention.
-- alert: the alert as first sent, as JSON; status repeats its status, for owedResolves.
-- last_fired_at: when a firing notification last reached the sink; NULL while the first one has
-- not.
CREATE TABLE alert_notifications (
    sink          VARCHAR(200) NOT NULL,
    fingerprint   VARCHAR(400) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    alert         ${text} NOT NULL,
    last_fired_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT alert_notifications_key PRIMARY KEY (sink, fingerprint),
    CONSTRAINT alert_notifications_status_known CHECK (status IN ('FIRING', 'RESOLVED'))
);
