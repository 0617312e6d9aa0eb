package io.plumbline.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Redacts credentials from every log record before a handler formats it: the message with its
 * parameters, and the messages of a thrown exception and its causes. Every handler names it in
 * application.properties ({@code quarkus.log.console.filter=redact-secrets}, and file, syslog,
 * socket), so that no category at any level (the Apache HTTP client logs request headers at DEBUG)
 * can print a token.
 */
@LoggingFilter(name = RedactSecretsFilter.NAME)
public final class RedactSecretsFilter implements Filter {

  public static final String NAME = "redact-secrets";

  private static final SimpleFormatter FORMATTER = new SimpleFormatter();

  @Override
  public boolean isLoggable(LogRecord record) {
    String message =
        record instanceof ExtLogRecord extended
            ? extended.getFormattedMessage()
            : FORMATTER.formatMessage(record);
    String redacted = Redaction.redact(message);
    if (redacted != null && !redacted.equals(message)) {
      if (record instanceof ExtLogRecord extended) {
        extended.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
      } else {
        record.setMessage(redacted);
      }
      record.setParameters(null);
    }
    if (record.getThrown() != null) {
      record.setThrown(Redaction.redact(record.getThrown()));
    }
    return true;
  }
}
