package io.raftcache.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** The example's slow database: an in-memory H2 table of products that counts the lookups it answers. */
final class ProductDatabase implements AutoCloseable {
  private final Connection connection;
  private final PreparedStatement byId;
  private final LongAdder queries = new LongAdder();

  private ProductDatabase(Connection connection) throws SQLException {
    this.connection = connection;
    this.byId = connection.prepareStatement("SELECT name, price_cents FROM products WHERE id = ?");
  }

  /** A database of products 1..{@code count}; it lives until {@link #close}. */
  static ProductDatabase create(int count) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:h2:mem:products");
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, price_cents INT NOT NULL)");
      statement.execute("INSERT INTO products SELECT x, CONCAT('Product ', x), MOD(x * 7919, 10000) + 99"
          + " FROM SYSTEM_RANGE(1, " + count + ")");
      return new ProductDatabase(connection);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /** The product as JSON, or empty if there is none with this id. */
  synchronized Optional<String> find(long id) {
    queries.increment();
    try {
      byId.setLong(1, id);
      try (ResultSet row = byId.executeQuery()) {
        return row.next()
            ? Optional.of(String.format("{\"id\":%d,\"name\":\"%s\",\"price_cents\":%d}", id, row.getString(1), row.getInt(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("looking up product " + id + " failed", e);
    }
  }

  /** How many lookups reached the database. */
  long queries() {
    return queries.sum();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
