package io.raftcache.client.patterns;

import io.raftcache.client.CacheClient;
import io.raftcache.client.ScoredMember;
import io.raftcache.client.SortedSets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/**
 * A leaderboard over the sorted set at {@code key}: the highest score ranks first. Equal scores
 * are ordered by member, the later member (in UTF-8 bytes) first. Thread-safe; reads are
 * linearizable; cache errors are the {@link io.raftcache.client.CacheException}s of
 * {@link CacheClient}.
 */
public final class Leaderboard {
  private final SortedSets zsets;
  private final String key;

  public Leaderboard(CacheClient client, String key) {
    this.zsets = Objects.requireNonNull(client, "client").sortedSets();
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * A member's place.
   *
   * @param rank 0 for the highest score, 1 for the next, and so on
   */
  public record Standing(String member, long rank, double score) {}

  /** Adds {@code member} with {@code score}, or replaces its score. */
  public void add(String member, double score) {
    zsets.zadd(key, score, member);
  }

  /** Adds {@code delta} to the member's score (a new member starts at 0) and returns the new score. */
  public double increment(String member, double delta) {
    return zsets.zincrBy(key, delta, member);
  }

  /** The {@code n} best members (n at least 1), best first. */
  public List<Standing> top(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, not " + n);
    }
    return standings(0, n - 1);
  }

  /**
   * The member's rank and score, or empty if it is not on the board. Two reads: under concurrent
   * updates the score may be newer than the rank.
   */
  public Optional<Standing> standing(String member) {
    OptionalLong rank = zsets.zrevrank(key, member);
    OptionalDouble score = rank.isPresent() ? zsets.zscore(key, member) : OptionalDouble.empty();
    return score.isPresent()
        ? Optional.of(new Standing(member, rank.getAsLong(), score.getAsDouble()))
        : Optional.empty();
  }

  /**
   * The member with up to {@code n} members ranked above it and {@code n} below it, best first;
   * fewer at either end of the board, and empty if the member is not on it.
   */
  public List<Standing> around(String member, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, not " + n);
    }
    OptionalLong rank = zsets.zrevrank(key, member);
    if (rank.isEmpty()) {
      return List.of();
    }
    return standings(Math.max(0, rank.getAsLong() - n), rank.getAsLong() + n);
  }

  /** How many members the board has. */
  public long size() {
    return zsets.zcard(key);
  }

  private List<Standing> standings(long firstRank, long lastRank) {
    List<ScoredMember> members = zsets.zrevrange(key, firstRank, lastRank);
    return IntStream.range(0, members.size())
        .mapToObj(i -> new Standing(members.get(i).member(), firstRank + i, members.get(i).score()))
        .toList();
  }
}
