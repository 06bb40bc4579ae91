package io.raftcache.node.resp;

import io.raftcache.node.auth.Category;
import io.raftcache.node.auth.User;
import io.raftcache.node.auth.Users;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * AUTH, HELLO's AUTH option and ACL WHOAMI / LIST / USERS, with Redis's answers. A connection
 * logs in as a user of the cluster file; the connection's commands after it are checked against
 * that user (RespConnection holds them until the login is answered, so a pipelined command
 * after AUTH runs as the user, as in Redis).
 */
final class AuthCommands {
  static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  private static final List<String> FLAGS = List.of("noscript", "loading", "stale", "fast", "no-auth");

  private AuthCommands() {}

  static List<RespCommand> all() {
    return List.of(
        new RespCommand("auth", -2, FLAGS, 0, 0, 0, AuthCommands::auth),
        new RespCommand("acl", -2, List.of("noscript", "loading", "stale"), 0, 0, 0,
            c -> CompletableFuture.completedFuture(acl(c))));
  }

  /** AUTH [username] password */
  private static CompletableFuture<Reply> auth(Call c) {
    if (c.size() > 3) {
      throw new RespException("ERR syntax error");
    }
    if (c.size() == 2 && c.node.users.anonymous().filter(u -> u.name().equals(Users.DEFAULT_USER)).isPresent()) {
      return CompletableFuture.completedFuture(Reply.error("ERR AUTH <password> called without any password"
          + " configured for the default user. Are you sure your configuration is correct?"));
    }
    String user = c.size() == 3 ? c.text(1) : Users.DEFAULT_USER;
    return logIn(c, user, c.bytes(c.size() - 1).toByteArray()).thenApply(failure -> failure != null ? failure : Reply.OK);
  }

  /** Logs the connection in as {@code user}: null once it is, else the error to answer. */
  static CompletableFuture<Reply> logIn(Call c, String user, byte[] password) {
    return c.node.users.login(user, password, c.session.address).thenApply(found -> {
      if (found.isEmpty()) {
        return Reply.error(WRONGPASS);
      }
      c.session.user = found.get();
      return null;
    });
  }

  /** A subcommand only admins may run (the command itself is every user's): refused in Redis's words. */
  static void requireAdmin(Call c, String subcommand) {
    User user = c.session.user;
    if (!user.may(Category.ADMIN)) {
      throw new RespException("NOPERM User " + user.name() + " has no permissions to run the '" + subcommand + "' command");
    }
  }

  private static Reply acl(Call c) {
    User user = c.session.user;
    String sub = c.word(1);
    switch (sub) {
      case "WHOAMI" -> {
        return Reply.bulk(user.name());
      }
      case "LIST", "USERS" -> {
        requireAdmin(c, "acl|" + sub.toLowerCase(Locale.ROOT));
        List<User> users = c.node.users.defined() ? c.node.users.all() : List.of(user);
        return Reply.array(users.stream().map(u -> Reply.bulk(sub.equals("LIST") ? u.aclLine() : u.name())).toList());
      }
      default -> throw ServerCommands.unknownSubcommand(c);
    }
  }
}
