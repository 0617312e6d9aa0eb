package io.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreJdbcUrlTest {

  @Test
  void anH2StoreIsClosedByItsOwnerNotByH2sShutdownHook() {
    StoreSettings settings = StoreSettings.of("jdbc:h2:file:/var/lib/plumbline/store");

    assertThat(Store.jdbcUrl(settings, settings.vendor()))
        .isEqualTo("jdbc:h2:file:/var/lib/plumbline/store;DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void anExplicitCloseOnExitSettingIsKept() {
    StoreSettings settings = StoreSettings.of("jdbc:h2:file:./store;db_close_on_exit=true");

    assertThat(Store.jdbcUrl(settings, settings.vendor())).isEqualTo(settings.jdbcUrl());
  }

  @Test
  void aPostgresqlUrlIsUnchanged() {
    StoreSettings settings = StoreSettings.of("jdbc:postgresql://db:5432/plumbline");

    assertThat(Store.jdbcUrl(settings, settings.vendor())).isEqualTo(settings.jdbcUrl());
  }
}
