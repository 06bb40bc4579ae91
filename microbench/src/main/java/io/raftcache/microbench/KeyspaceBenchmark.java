package io.raftcache.microbench;

import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.node.keyspace.SortedSetValue;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The in-memory keyspace alone, on one thread: string puts and gets, sorted set updates and ranks. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseG1GC"})
@State(Scope.Thread)
public class KeyspaceBenchmark {
  static final int KEYS = 100_000;
  static final int MEMBERS = 1_000_000;

  private final Keyspace keyspace = new Keyspace();
  private final SortedSetValue board = new SortedSetValue();
  private final SplittableRandom random = new SplittableRandom(7);
  private Key[] keys;
  private Key[] members;
  private final byte[] value = new byte[100];
  private long version;

  @Setup(Level.Trial)
  public void fill() {
    keys = new Key[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = Key.wrap(String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII));
      keyspace.put(keys[i], new Entry(value, ++version, Entry.NO_EXPIRY));
    }
    members = new Key[MEMBERS];
    for (int i = 0; i < MEMBERS; i++) {
      members[i] = Key.wrap(("player-" + i).getBytes(StandardCharsets.US_ASCII));
      board.put(members[i], random.nextInt(1_000_000));
    }
    keyspace.drainChanges(io.raftcache.node.statemachine.StateChanges.DISCARD);
  }

  @Benchmark
  public Object getLive() {
    return keyspace.getLive(keys[random.nextInt(KEYS)], 0);
  }

  @Benchmark
  public long putString() {
    keyspace.put(keys[random.nextInt(KEYS)], new Entry(value, ++version, Entry.NO_EXPIRY));
    if ((version & 1023) == 0) {
      keyspace.drainChanges(io.raftcache.node.statemachine.StateChanges.DISCARD);
    }
    return version;
  }

  /** A ZINCRBY-like move of one member of a million-member sorted set. */
  @Benchmark
  public boolean sortedSetMove() {
    Key member = members[random.nextInt(MEMBERS)];
    return board.put(member, board.score(member) + 1);
  }

  /** ZREVRANK of one member of a million-member sorted set. */
  @Benchmark
  public long sortedSetRank() {
    Key member = members[random.nextInt(MEMBERS)];
    return board.index().rank(member, board.score(member));
  }
}
