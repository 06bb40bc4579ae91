package io.raftcache.node.auth;

import com.google.protobuf.ByteString;
import io.raftcache.node.config.UserConfig;
import io.raftcache.node.keyspace.GlobPattern;
import io.raftcache.node.keyspace.Key;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** A user as a connection or call acts: what it may run, on which keys. */
public final class User {
  /** Why a user may not run a command. */
  public enum Denial {
    /** Its category is not the user's. */
    COMMAND,
    /** One of its keys, or the whole keyspace it touches, is outside the user's patterns. */
    KEY
  }

  /** Everyone, in a cluster without users: every command on every key. */
  static final User UNRESTRICTED = new User("default", Optional.empty(), true, EnumSet.allOf(Category.class), List.of("*"));

  private final String name;
  private final Optional<PasswordHash> password;
  private final boolean enabled;
  private final Set<Category> allowed;
  private final List<String> patternTexts;
  private final List<GlobPattern> patterns;
  private final boolean everyKey;

  private User(String name, Optional<PasswordHash> password, boolean enabled, Set<Category> allowed,
      List<String> patternTexts) {
    this.name = name;
    this.password = password;
    this.enabled = enabled;
    this.allowed = EnumSet.copyOf(allowed);
    this.allowed.add(Category.CONNECTION);
    this.patternTexts = List.copyOf(patternTexts);
    this.patterns = patternTexts.stream().map(GlobPattern::compile).toList();
    this.everyKey = patternTexts.contains("*");
  }

  static User of(UserConfig config) {
    return new User(config.name(), config.passwordHash().map(PasswordHash::parse), config.enabled(),
        config.commands().isEmpty() ? EnumSet.noneOf(Category.class) : config.commands(), config.keys());
  }

  public String name() {
    return name;
  }

  boolean enabled() {
    return enabled;
  }

  /** Whether the user needs no password: a {@code default} user like that is every new connection's. */
  boolean noPassword() {
    return password.isEmpty();
  }

  boolean passwordMatches(byte[] candidate) {
    return password.isPresent() && password.get().matches(candidate);
  }

  /** Whether the user may run commands of {@code category} (on its keys). */
  public boolean may(Category category) {
    return allowed.contains(category);
  }

  /**
   * Why the user may not run a command of {@code category} on {@code keys} (or, when
   * {@code wholeKeyspace}, on every key: SCAN, KEYS, FLUSHALL), or empty if it may. The keys are
   * listed only for a user limited to some: every command of every other user passes here.
   */
  public Optional<Denial> check(Category category, Supplier<List<ByteString>> keys, boolean wholeKeyspace) {
    if (!allowed.contains(category)) {
      return Optional.of(Denial.COMMAND);
    }
    if (category == Category.CONNECTION || everyKey) {
      return Optional.empty();
    }
    if (wholeKeyspace || !keys.get().stream().allMatch(this::mayTouch)) {
      return Optional.of(Denial.KEY);
    }
    return Optional.empty();
  }

  /** Whether {@code key} is within the user's patterns (a watch shows the user only those). */
  public boolean mayTouch(ByteString key) {
    if (everyKey) {
      return true;
    }
    Key wrapped = Key.wrap(key.toByteArray());
    return patterns.stream().anyMatch(p -> p.test(wrapped));
  }

  /** The user as ACL LIST shows it, in Redis's words; nothing of its password but whether it has one. */
  public String aclLine() {
    String categories = allowed.stream().filter(c -> c != Category.CONNECTION)
        .map(c -> "+@" + c.configName()).collect(Collectors.joining(" "));
    return "user " + name + (enabled ? " on" : " off") + (password.isEmpty() ? " nopass" : " #<hidden>")
        + patternTexts.stream().map(p -> " ~" + p).collect(Collectors.joining())
        + (categories.isEmpty() ? " -@all" : " " + categories);
  }
}
