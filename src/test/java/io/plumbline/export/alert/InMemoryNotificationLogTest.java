package io.plumbline.export.alert;

import org.junit.jupiter.api.BeforeEach;

class InMemoryNotificationLogTest extends NotificationLogContract {

  private InMemoryNotificationLog log;

  @BeforeEach
  void createLog() {
    log = new InMemoryNotificationLog();
  }

  @Override
  protected NotificationLog log() {
    return log;
  }
}
