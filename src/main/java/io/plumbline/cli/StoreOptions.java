package io.plumbline.cli;

import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.store.Store;
import io.plumbline.store.StoreConfig;
import io.plumbline.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store-url}: which store a command reads or writes, over plumbline.store.url. */
public class StoreOptions {

  @Option(
      names = "--store-url",
      paramLabel = "JDBC_URL",
      description =
          "The store: jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB (default: plumbline.store.url,"
              + " an H2 file under .plumbline/store/).")
  String storeUrl;

  StoreSettings settings(StoreConfig config) {
    StoreSettings settings = StoreSettings.from(config, System::getenv);
    return storeUrl == null ? settings : withUrl(settings, storeUrl);
  }

  static StoreSettings withUrl(StoreSettings settings, String url) {
    return new StoreSettings(
        url,
        settings.username(),
        settings.password(),
        settings.retainFor(),
        settings.retainCount());
  }

  /** Opens the store for writing; an embedded store is created when it does not exist yet. */
  Store open(StoreConfig config) {
    return Store.open(settings(config));
  }

  /** Opens a store that must already exist: reading commands never create an empty one. */
  Store openExisting(StoreConfig config) {
    StoreSettings settings = settings(config);
    String url = settings.jdbcUrl();
    String prefix = "jdbc:h2:file:";
    if (url.startsWith(prefix)) {
      String path = url.substring(prefix.length());
      int options = path.indexOf(';');
      Path file = Path.of((options < 0 ? path : path.substring(0, options)) + ".mv.db");
      if (!Files.exists(file)) {
        throw new PlumblineException(
            ErrorKind.USER_ERROR,
            "no store at "
                + file
                + ": run a scan first, or point --store-url (or plumbline.store.url) at the store");
      }
    }
    return Store.open(settings);
  }
}
