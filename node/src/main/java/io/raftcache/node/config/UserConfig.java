package io.raftcache.node.config;

import io.raftcache.node.auth.Category;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One user of the cluster file's {@code users} list.
 *
 * @param passwordHash its password as {@code PasswordHash} stores it; empty for a {@code nopass} user
 * @param commands the categories of commands it may run (connection commands are every user's)
 * @param keys glob patterns of the keys it may touch ({@code *}: every key)
 */
public record UserConfig(String name, Optional<String> passwordHash, boolean enabled, Set<Category> commands,
    List<String> keys) {}
